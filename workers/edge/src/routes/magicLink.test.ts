import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import { signInResponseSchema, totpSetupResponseSchema } from '../../../../src/lib/protocol/auth.ts';
import { account, createAccount, FLOW_TIMEOUT_MS, latestLinkToken, outbox, sessionCookie, testDb, uniqueEmail, whoAmI } from '../../test/accounts.ts';

async function requestLink(email: string) {
	const call = await account('/api/auth/magic-link/request', { body: { email } });
	expect(call.response.status).toBe(202);
	await call.settled();
	return call;
}

describe('magic-link sign-in', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('signs in once through the emailed link', async () => {
		const { email } = await createAccount();
		await requestLink(email);
		expect((await outbox(email))[0]?.subject).toBe('Your Atrium sign-in link');
		const token = await latestLinkToken(email, '/magic-link');
		const first = await account('/api/auth/magic-link/verify', { body: { token } });
		expect(signInResponseSchema.parse(await first.response.json()).user?.email).toBe(email);
		expect(await whoAmI(sessionCookie(first.response)!)).toBe(email);
		const again = await account('/api/auth/magic-link/verify', { body: { token } });
		expect(again.response.status).toBe(400);
	});

	it('answers an unknown address like a known one and emails nobody', async () => {
		const { email } = await createAccount();
		const unknown = uniqueEmail('nobody');
		const [known, missing] = await Promise.all([requestLink(email), requestLink(unknown)]);
		expect(await known.response.text()).toBe((await missing.response.text()).replace(unknown, email));
		expect(await outbox(unknown)).toEqual([]);
	});

	it('expires after 15 minutes', async () => {
		const { email } = await createAccount();
		await requestLink(email);
		const token = await latestLinkToken(email, '/magic-link');
		const row = await testDb()
			.prepare('SELECT expires_at - created_at AS ttl FROM email_tokens WHERE id = ?')
			.bind(token.split('.')[0])
			.first<{ ttl: number }>();
		expect(row?.ttl).toBe(15 * 60 * 1000);
		await testDb().prepare('UPDATE email_tokens SET expires_at = ? WHERE id = ?').bind(Date.now() - 1, token.split('.')[0]).run();
		const late = await account('/api/auth/magic-link/verify', { body: { token } });
		expect(await late.response.json()).toEqual({
			error: { code: 'invalid_request', message: 'This link has expired (links work for 15 minutes): ask for a new one, or sign in with your password.' }
		});
	});

	it('still asks for the second factor when two-factor is on', async () => {
		const { email, session } = await createAccount();
		const { secret } = totpSetupResponseSchema.parse(await (await account('/api/auth/two-factor/setup', { method: 'POST', session })).response.json());
		const code = generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30_000)), 6);
		expect((await account('/api/auth/two-factor/enable', { body: { code }, session })).response.status).toBe(200);
		await requestLink(email);
		const verify = await account('/api/auth/magic-link/verify', { body: { token: await latestLinkToken(email, '/magic-link') } });
		expect(signInResponseSchema.parse(await verify.response.json())).toEqual({ user: null, twoFactorRequired: true });
		expect(await whoAmI(sessionCookie(verify.response)!)).toBeNull();
	});

	it('counts requests per client address', async () => {
		const tight = { AUTH_RATE_LIMIT_MAX: '1', AUTH_RATE_LIMIT_WINDOW_SECONDS: '60' };
		const ip = '10.200.1.1';
		await account('/api/auth/magic-link/request', { body: { email: uniqueEmail() }, ip, env: tight });
		const refused = await account('/api/auth/magic-link/request', { body: { email: uniqueEmail() }, ip, env: tight });
		expect(refused.response.status).toBe(429);
		expect(refused.response.headers.get('Retry-After')).toMatch(/^\d+$/);
	});
});
