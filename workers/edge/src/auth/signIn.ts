// Starting a session on this device: the row, the cookie, and the answer with the user.
import type { SignedInResponse } from '../../../../src/lib/protocol/auth.ts';
import type { UserRow } from '../db/schema.ts';
import { setSessionCookie, type AuthContext } from './authContext.ts';
import { createSession } from './sessions.ts';
import { toAccountUser } from './users.ts';

export async function signIn(c: AuthContext, user: UserRow): Promise<Response> {
	const { token, session } = await createSession(c.env.DB, user.id, c.req.header('User-Agent'));
	setSessionCookie(c, token, session.expiresAt);
	return c.json({ user: toAccountUser(user) } satisfies SignedInResponse);
}
