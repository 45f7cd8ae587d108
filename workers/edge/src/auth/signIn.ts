// Starting a session on this device: the row, the cookie, and the answer. With two-factor
// on and no code entered yet, the session only waits for one (POST /two-factor/verify).
import type { SignInResponse } from '../../../../src/lib/protocol/auth.ts';
import type { UserRow } from '../db/schema.ts';
import { HttpError } from '../errors.ts';
import { promoteConfiguredAdmin } from '../quota/adminBootstrap.ts';
import { setSessionCookie, type AuthContext } from './authContext.ts';
import { createSession } from './sessions.ts';
import { toAccountUser } from './users.ts';

export async function signIn(c: AuthContext, account: UserRow, { secondFactorDone }: { secondFactorDone: boolean }): Promise<Response> {
	// Every way in (password, links, OAuth) ends here, so this one check keeps a disabled account out.
	if (account.disabledAt !== null) throw new HttpError('forbidden', 'This account has been disabled by an administrator: it cannot sign in.');
	const user = await promoteConfiguredAdmin(c.env, account);
	const needsCode = user.totpKey !== null && !secondFactorDone;
	const { token, session } = await createSession(c.env.DB, user.id, c.req.header('User-Agent'), !needsCode);
	setSessionCookie(c, token, session.expiresAt);
	return c.json({ user: needsCode ? null : toAccountUser(user), twoFactorRequired: needsCode } satisfies SignInResponse);
}
