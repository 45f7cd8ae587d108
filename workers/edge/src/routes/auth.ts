// /api/auth: sign-up, email verification, sign-in and sign-out (password reset, sessions,
// two-factor and magic links are mounted from their own files). Every write passes the
// same-origin check (CSRF), every body its schema, and the endpoints that take a password
// or send email count attempts per client address.
import { Hono } from 'hono';
import {
	linkTokenRequestSchema,
	signInRequestSchema,
	signUpRequestSchema,
	type AcceptedResponse
} from '../../../../src/lib/protocol/auth.ts';
import { admitAttempt } from '../auth/attemptLimits.ts';
import { readAuthBody } from '../auth/authBody.ts';
import { clearSessionCookie, requireSession, withSession, type AuthHono } from '../auth/authContext.ts';
import { emailDeps, runAfterResponse } from '../auth/background.ts';
import { completeSignUp, resendVerification } from '../auth/emailFlows.ts';
import { spendEmailToken, voidEmailTokens } from '../auth/emailTokens.ts';
import { linkFailure } from '../auth/linkFailure.ts';
import { hasPassword } from '../auth/noPassword.ts';
import { DECOY_PASSWORD_HASH, verifyPassword } from '../auth/password.ts';
import { requireSameOrigin } from '../auth/sameOrigin.ts';
import { deleteSession, deleteUserSessions } from '../auth/sessions.ts';
import { signIn } from '../auth/signIn.ts';
import { findUserByEmail, findUserById, markEmailVerified } from '../auth/users.ts';
import { HttpError } from '../errors.ts';
import { magicLinkRoutes } from './magicLink.ts';
import { oauthRoutes } from './oauth.ts';
import { passwordRoutes } from './password.ts';
import { sessionRoutes } from './sessions.ts';
import { twoFactorRoutes } from './twoFactor.ts';

export const authRoutes = new Hono<AuthHono>()
	.use(requireSameOrigin(), withSession())
	.post('/sign-up', async (c) => {
		await admitAttempt(c, 'sign-up');
		const { email, password } = await readAuthBody(c.req.raw, signUpRequestSchema);
		runAfterResponse(c, 'sign-up', completeSignUp(emailDeps(c), email, password));
		return c.json(
			{ ok: true, message: `Check your email: we sent a link to ${email} to finish creating your account. It works for 1 hour.` } satisfies AcceptedResponse,
			202
		);
	})
	.post('/verify-email', async (c) => {
		await admitAttempt(c, 'verify');
		const { token } = await readAuthBody(c.req.raw, linkTokenRequestSchema);
		const spent = await spendEmailToken(c.env.DB, token, 'verify_email');
		if (!spent.ok) throw linkFailure(spent.reason, 'sign up again, or sign in to get a new one');
		const user = await findUserById(c.env.DB, spent.grant.userId);
		if (!user || user.email !== spent.grant.email) throw linkFailure('invalid', 'sign in to get a new one');
		const verified = await markEmailVerified(c.env.DB, user, spent.grant.passwordHash);
		await voidEmailTokens(c.env.DB, user.id, 'verify_email');
		// The link set a new password: a session begun with the old one must not outlive it.
		if (verified.passwordHash !== user.passwordHash) await deleteUserSessions(c.env, user.id);
		return signIn(c, verified, { secondFactorDone: false });
	})
	.post('/sign-in', async (c) => {
		await admitAttempt(c, 'sign-in');
		const { email, password } = await readAuthBody(c.req.raw, signInRequestSchema);
		const user = await findUserByEmail(c.env.DB, email);
		// An unknown address (or one without a password: OAuth only) costs one full hash too,
		// so timing does not reveal accounts.
		const withPassword = user && hasPassword(user) ? user : undefined;
		const passwordRight = verifyPassword(password, withPassword?.passwordHash ?? DECOY_PASSWORD_HASH);
		if (!user || !withPassword || !passwordRight) throw new HttpError('unauthorized', 'Wrong email or password.');
		if (!user.emailVerifiedAt) {
			// The password is right, so saying the account exists tells this caller nothing new.
			runAfterResponse(c, 'verification resend', resendVerification(emailDeps(c), user));
			throw new HttpError('forbidden', `Confirm your email address first: we sent a new link to ${user.email}.`);
		}
		return signIn(c, user, { secondFactorDone: false });
	})
	.post('/sign-out', async (c) => {
		const auth = c.get('auth') ?? c.get('pending');
		if (auth) await deleteSession(c.env, auth.session.id);
		clearSessionCookie(c);
		return c.body(null, 204);
	})
	.post('/sign-out-everywhere', async (c) => {
		const { user } = requireSession(c);
		await deleteUserSessions(c.env, user.id);
		clearSessionCookie(c);
		return c.body(null, 204);
	})
	.route('/', passwordRoutes)
	.route('/sessions', sessionRoutes)
	.route('/two-factor', twoFactorRoutes)
	.route('/magic-link', magicLinkRoutes)
	.route('/oauth', oauthRoutes);

