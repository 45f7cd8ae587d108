// /api/auth/magic-link: sign-in by an emailed link instead of the password. The request
// answers the same for every address; the link works once, for 15 minutes, and counts
// as the password step only (two-factor, when on, still asks for a code).
import { Hono } from 'hono';
import { emailRequestSchema, linkTokenRequestSchema, type AcceptedResponse } from '../../../../src/lib/protocol/auth.ts';
import { admitAttempt } from '../auth/attemptLimits.ts';
import { readAuthBody } from '../auth/authBody.ts';
import type { AuthHono } from '../auth/authContext.ts';
import { emailDeps, runAfterResponse } from '../auth/background.ts';
import { sendMagicLink } from '../auth/emailFlows.ts';
import { spendEmailToken } from '../auth/emailTokens.ts';
import { linkFailure } from '../auth/linkFailure.ts';
import { signIn } from '../auth/signIn.ts';
import { findUserById, markEmailVerified } from '../auth/users.ts';
import { MAGIC_LINK_TTL_MINUTES } from '../email/templates.ts';

export const magicLinkRoutes = new Hono<AuthHono>()
	.post('/request', async (c) => {
		await admitAttempt(c, 'magic-link');
		const { email } = await readAuthBody(c.req.raw, emailRequestSchema);
		runAfterResponse(c, 'magic link', sendMagicLink(emailDeps(c), email));
		return c.json(
			{
				ok: true,
				message: `If ${email} has an Atrium account, we sent it a sign-in link. It works for ${MAGIC_LINK_TTL_MINUTES} minutes.`
			} satisfies AcceptedResponse,
			202
		);
	})
	.post('/verify', async (c) => {
		await admitAttempt(c, 'verify');
		const { token } = await readAuthBody(c.req.raw, linkTokenRequestSchema);
		const spent = await spendEmailToken(c.env.DB, token, 'magic_link');
		if (!spent.ok) throw linkFailure(spent.reason, 'ask for a new one, or sign in with your password', MAGIC_LINK_TTL_MINUTES);
		const user = await findUserById(c.env.DB, spent.grant.userId);
		if (!user || user.email !== spent.grant.email) throw linkFailure('invalid', 'ask for a new one');
		// The link proves the mailbox, so it verifies the address as well.
		return signIn(c, await markEmailVerified(c.env.DB, user, null), { secondFactorDone: false });
	});
