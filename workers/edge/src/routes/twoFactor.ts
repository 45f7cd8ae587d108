// /api/auth/two-factor: finishing a sign-in with a code, and turning TOTP two-factor
// sign-in on (with recovery codes) and off. Codes are limited per client address and
// per account, so a million guesses cannot be spread over many addresses.
import { Hono } from 'hono';
import {
	codeRequestSchema,
	type RecoveryCodesResponse,
	type SignedInResponse,
	type TotpSetupResponse
} from '../../../../src/lib/protocol/auth.ts';
import { admitAttempt } from '../auth/attemptLimits.ts';
import { readAuthBody } from '../auth/authBody.ts';
import { requireSession, type AuthHono } from '../auth/authContext.ts';
import { closeOtherSessionsSockets } from '../auth/sessions.ts';
import { disableTotp, enableTotp, markSessionTwoFactorVerified, spendSecondFactor, startTotpSetup } from '../auth/twoFactor.ts';
import { toAccountUser } from '../auth/users.ts';
import { HttpError } from '../errors.ts';

const wrongCode = () =>
	new HttpError('invalid_request', 'That code is not right (or was already used): enter the code your authenticator app shows now, or an unused recovery code.');

export const twoFactorRoutes = new Hono<AuthHono>()
	.post('/verify', async (c) => {
		const pending = c.get('pending');
		if (!pending) throw new HttpError('unauthorized', 'There is no sign-in waiting for a code: sign in with your email and password first.');
		await admitAttempt(c, 'two-factor', pending.user.id);
		const { code } = await readAuthBody(c.req.raw, codeRequestSchema);
		if (!(await spendSecondFactor(c.env.DB, pending.user, code))) throw wrongCode();
		await markSessionTwoFactorVerified(c.env.DB, pending.session.id);
		return c.json({ user: toAccountUser(pending.user) } satisfies SignedInResponse);
	})
	.post('/setup', async (c) => {
		const { user } = requireSession(c);
		if (user.totpKey) throw new HttpError('invalid_request', 'Two-factor sign-in is already on: turn it off first to use another authenticator.');
		const { secret, uri } = await startTotpSetup(c.env.DB, user);
		return c.json({ secret, uri } satisfies TotpSetupResponse);
	})
	.post('/enable', async (c) => {
		const { user, session } = requireSession(c);
		await admitAttempt(c, 'two-factor', user.id);
		const { code } = await readAuthBody(c.req.raw, codeRequestSchema);
		if (user.totpKey) throw new HttpError('invalid_request', 'Two-factor sign-in is already on.');
		if (!user.totpPendingKey) throw new HttpError('invalid_request', 'Start the setup first: no authenticator key is waiting for a code.');
		const recoveryCodes = await enableTotp(c.env.DB, user, session.id, code);
		if (!recoveryCodes) throw new HttpError('invalid_request', 'That code is not right: enter the 6-digit code your authenticator app shows now for Atrium.');
		await closeOtherSessionsSockets(c.env, user.id, session.id);
		return c.json({ user: toAccountUser({ ...user, totpKey: user.totpPendingKey }), recoveryCodes } satisfies RecoveryCodesResponse);
	})
	.post('/disable', async (c) => {
		const { user } = requireSession(c);
		await admitAttempt(c, 'two-factor', user.id);
		const { code } = await readAuthBody(c.req.raw, codeRequestSchema);
		if (!user.totpKey) throw new HttpError('invalid_request', 'Two-factor sign-in is already off.');
		if (!(await spendSecondFactor(c.env.DB, user, code))) throw wrongCode();
		await disableTotp(c.env.DB, user.id);
		return c.json({ user: toAccountUser({ ...user, totpKey: null }) } satisfies SignedInResponse);
	});
