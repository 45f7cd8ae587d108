import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import { meResponseSchema, recoveryCodesResponseSchema, signInResponseSchema, totpSetupResponseSchema } from '../../../../src/lib/protocol/auth.ts';
import { account, createAccount, FLOW_TIMEOUT_MS, GOOD_PASSWORD, sessionCookie, signIn as signInFully } from '../../test/accounts.ts';
import { clientIp } from '../../test/edge.ts';

/** The authenticator's code for the current 30 s step, or `ahead` steps later (within the allowed drift). */
function totp(secret: string, ahead = 0): string {
	const step = Math.floor(Date.now() / 30_000) + ahead;
	return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
}

async function me(session: string) {
	return meResponseSchema.parse(await (await account('/api/me', { session })).response.json());
}

/** An account with two-factor on: its secret, recovery codes, and the session that enabled it. */
async function accountWithTwoFactor() {
	const { email, session } = await createAccount();
	const setup = await account('/api/auth/two-factor/setup', { method: 'POST', session });
	const { secret, uri } = totpSetupResponseSchema.parse(await setup.response.json());
	expect(uri).toMatch(/^otpauth:\/\/totp\/Atrium:.+\?.*secret=/);
	const enable = await account('/api/auth/two-factor/enable', { body: { code: totp(secret) }, session });
	expect(enable.response.status).toBe(200);
	const { recoveryCodes, user } = recoveryCodesResponseSchema.parse(await enable.response.json());
	expect(user.twoFactorEnabled).toBe(true);
	return { email, session, secret, recoveryCodes };
}

/** Password step only: the session cookie, waiting for a code. */
async function startSignIn(email: string): Promise<string> {
	const { response } = await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD } });
	expect(signInResponseSchema.parse(await response.json())).toEqual({ user: null, twoFactorRequired: true });
	return sessionCookie(response)!;
}

describe('two-factor sign-in (TOTP)', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('turns on only with a right code, and hands out ten recovery codes', async () => {
		const { session } = await createAccount();
		const { secret } = totpSetupResponseSchema.parse(await (await account('/api/auth/two-factor/setup', { method: 'POST', session })).response.json());
		const wrong = await account('/api/auth/two-factor/enable', { body: { code: '000000' === totp(secret) ? '111111' : '000000' }, session });
		expect(wrong.response.status).toBe(400);
		expect((await me(session)).user?.twoFactorEnabled).toBe(false);
		const right = await account('/api/auth/two-factor/enable', { body: { code: totp(secret) }, session });
		const { recoveryCodes } = recoveryCodesResponseSchema.parse(await right.response.json());
		expect(recoveryCodes).toHaveLength(10);
		expect(new Set(recoveryCodes).size).toBe(10);
		for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
		expect((await me(session)).user?.twoFactorEnabled).toBe(true);
	});

	it('asks the other devices for a code once it is on', async () => {
		const { email, session } = await createAccount();
		const other = await signInFully(email);
		const { secret } = totpSetupResponseSchema.parse(await (await account('/api/auth/two-factor/setup', { method: 'POST', session })).response.json());
		await account('/api/auth/two-factor/enable', { body: { code: totp(secret) }, session });
		expect(await me(other)).toEqual({ user: null, twoFactorPending: true });
		expect((await me(session)).user?.email).toBe(email);
	});

	it('signs in only after the code; a code works once; a wrong code changes nothing', async () => {
		const { email, secret } = await accountWithTwoFactor();
		const pending = await startSignIn(email);
		expect(await me(pending)).toEqual({ user: null, twoFactorPending: true });
		const locked = await account('/api/auth/sessions', { session: pending });
		expect(locked.response.status).toBe(401);
		expect(await locked.response.json()).toEqual({
			error: { code: 'unauthorized', message: 'Finish signing in first: enter the code from your authenticator app.' }
		});

		const wrong = await account('/api/auth/two-factor/verify', { body: { code: '12345x' }, session: pending });
		expect(wrong.response.status).toBe(400);
		expect((await me(pending)).user).toBeNull();

		const code = totp(secret, 1);
		const right = await account('/api/auth/two-factor/verify', { body: { code: `${code.slice(0, 3)} ${code.slice(3)}` }, session: pending });
		expect(right.response.status).toBe(200);
		expect((await me(pending)).user?.email).toBe(email);

		const another = await startSignIn(email);
		const replay = await account('/api/auth/two-factor/verify', { body: { code }, session: another });
		expect(replay.response.status).toBe(400);
		expect((await me(another)).user).toBeNull();
	});

	it('takes each recovery code once instead of a TOTP code', async () => {
		const { email, recoveryCodes } = await accountWithTwoFactor();
		const first = await startSignIn(email);
		const code = recoveryCodes[3]!;
		expect((await account('/api/auth/two-factor/verify', { body: { code: code.toUpperCase() }, session: first })).response.status).toBe(200);
		const second = await startSignIn(email);
		expect((await account('/api/auth/two-factor/verify', { body: { code }, session: second })).response.status).toBe(400);
		expect((await account('/api/auth/two-factor/verify', { body: { code: recoveryCodes[4]! }, session: second })).response.status).toBe(200);
	});

	it('turns off with a code, after which the password alone signs in', async () => {
		const { email, session, recoveryCodes } = await accountWithTwoFactor();
		const refused = await account('/api/auth/two-factor/disable', { body: { code: 'aaaaa-aaaaa' }, session });
		expect(refused.response.status).toBe(400);
		const off = await account('/api/auth/two-factor/disable', { body: { code: recoveryCodes[0]! }, session });
		expect(off.response.status).toBe(200);
		expect((await me(session)).user?.twoFactorEnabled).toBe(false);
		expect(await signInFully(email)).toBeTruthy();
	});

	it('limits code guesses per account, across client addresses', async () => {
		const { email } = await accountWithTwoFactor();
		// Turning two-factor on counted one attempt for the account already.
		const tight = { AUTH_RATE_LIMIT_MAX: '4', AUTH_RATE_LIMIT_WINDOW_SECONDS: '300' };
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) {
			const pending = await startSignIn(email);
			const guess = await account('/api/auth/two-factor/verify', { body: { code: `00000${i}` }, session: pending, ip: clientIp(), env: tight });
			statuses.push(guess.response.status);
		}
		expect(statuses).toEqual([400, 400, 400, 429]);
	});

	it('needs a waiting sign-in to verify, and a full session to set up', async () => {
		const none = await account('/api/auth/two-factor/verify', { body: { code: '123456' } });
		expect(none.response.status).toBe(401);
		const setup = await account('/api/auth/two-factor/setup', { method: 'POST' });
		expect(setup.response.status).toBe(401);
	});
});
