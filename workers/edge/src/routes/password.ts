// /api/auth/password-reset/* and /api/auth/password: recovering an account by email, and
// changing the password while signed in. Either way every session of the account ends
// (the one changing it gets a fresh one), and the owner gets a notice by email.
import { Hono } from 'hono';
import {
	changePasswordRequestSchema,
	emailRequestSchema,
	passwordProblem,
	resetPasswordRequestSchema,
	type AcceptedResponse
} from '../../../../src/lib/protocol/auth.ts';
import { admitAttempt } from '../auth/attemptLimits.ts';
import { readAuthBody } from '../auth/authBody.ts';
import { appOrigin, requireSession, type AuthContext, type AuthHono } from '../auth/authContext.ts';
import { emailDeps, runAfterResponse } from '../auth/background.ts';
import { sendPasswordReset } from '../auth/emailFlows.ts';
import { spendEmailToken, voidEmailTokens } from '../auth/emailTokens.ts';
import { linkFailure } from '../auth/linkFailure.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { deleteUserSessions } from '../auth/sessions.ts';
import { signIn } from '../auth/signIn.ts';
import { findUserById, markEmailVerified, setPasswordHash } from '../auth/users.ts';
import { createMailer } from '../email/mailer.ts';
import { passwordChangedEmail } from '../email/templates.ts';
import { HttpError } from '../errors.ts';

export const passwordRoutes = new Hono<AuthHono>()
	.post('/password-reset/request', async (c) => {
		await admitAttempt(c, 'reset');
		const { email } = await readAuthBody(c.req.raw, emailRequestSchema);
		runAfterResponse(c, 'password reset', sendPasswordReset(emailDeps(c), email));
		return c.json(
			{
				ok: true,
				message: `If ${email} has an Atrium account, we sent it a link to choose a new password. It works for 1 hour.`
			} satisfies AcceptedResponse,
			202
		);
	})
	.post('/password-reset/confirm', async (c) => {
		await admitAttempt(c, 'reset');
		const { token, password } = await readAuthBody(c.req.raw, resetPasswordRequestSchema);
		const spent = await spendEmailToken(c.env.DB, token, 'reset_password', (grant) => {
			const problem = passwordProblem(password, grant.email);
			if (problem) throw new HttpError('invalid_request', problem);
		});
		if (!spent.ok) throw linkFailure(spent.reason, 'ask for a new one');
		const user = await findUserById(c.env.DB, spent.grant.userId);
		if (!user || user.email !== spent.grant.email) throw linkFailure('invalid', 'ask for a new one');
		// The link proves the mailbox, so it verifies the address as well.
		await markEmailVerified(c.env.DB, user, hashPassword(password));
		await Promise.all([deleteUserSessions(c.env, user.id), voidEmailTokens(c.env.DB, user.id, 'reset_password')]);
		notifyPasswordChanged(c, user.email);
		return c.json({ ok: true, message: 'Your password is changed and every device is signed out. Sign in with the new password.' } satisfies AcceptedResponse);
	})
	.post('/password', async (c) => {
		const { user } = requireSession(c);
		// The current password is guessable here, so this counts as a sign-in attempt.
		await admitAttempt(c, 'sign-in');
		const { currentPassword, newPassword } = await readAuthBody(c.req.raw, changePasswordRequestSchema);
		if (!verifyPassword(currentPassword, user.passwordHash)) throw new HttpError('forbidden', 'Your current password is not right.');
		const problem = passwordProblem(newPassword, user.email);
		if (problem) throw new HttpError('invalid_request', problem);
		const passwordHash = hashPassword(newPassword);
		await setPasswordHash(c.env.DB, user.id, passwordHash);
		await deleteUserSessions(c.env, user.id);
		notifyPasswordChanged(c, user.email);
		return signIn(c, { ...user, passwordHash }, { secondFactorDone: true });
	});

/** Tells the owner, if this server can send email; the change stands either way. */
function notifyPasswordChanged(c: AuthContext, email: string): void {
	const mailer = createMailer(c.get('authConfig'), c.env.DB);
	if (mailer) runAfterResponse(c, 'password change notice', mailer.send(passwordChangedEmail(email, appOrigin(c))));
}
