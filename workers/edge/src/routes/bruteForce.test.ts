// Password guessing against one account from one client address: the limit stops it with a
// 429 that names when to retry, the right password is refused too until then, and nothing
// in the answers tells an existing account from an unknown address.
import { describe, expect, it } from 'vitest';
import { account, createAccount, FLOW_TIMEOUT_MS, GOOD_PASSWORD, sessionCookie, uniqueEmail, whoAmI } from '../../test/accounts.ts';
import { clientIp } from '../../test/edge.ts';

const LIMIT = 3;
// Long enough that the guesses (each a full argon2id hash, up to a second here) fit in one window.
const WINDOW_S = 15;
const tight = { AUTH_RATE_LIMIT_MAX: String(LIMIT), AUTH_RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_S) };

/** The body with its times blanked, to compare answers that differ only in when they were made. */
const timeless = (text: string) => text.replace(/\d+ s \(after [^)]+\)/g, 'N s (after T)');

describe('brute force', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('locks out a guessing run with Retry-After, refuses the right password meanwhile, and admits it after the window', async () => {
		const { email } = await createAccount();
		const unknown = uniqueEmail('nobody');
		const ip = clientIp();
		const guessIp = clientIp();
		for (let i = 0; i < LIMIT; i++) {
			const wrong = await account('/api/auth/sign-in', { body: { email, password: `wrong guess ${i}!` }, ip, env: tight });
			const stranger = await account('/api/auth/sign-in', { body: { email: unknown, password: `wrong guess ${i}!` }, ip: guessIp, env: tight });
			expect(wrong.response.status).toBe(401);
			expect(await wrong.response.text()).toBe(await stranger.response.text());
		}

		const right = await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD }, ip, env: tight });
		const strangerLocked = await account('/api/auth/sign-in', { body: { email: unknown, password: GOOD_PASSWORD }, ip: guessIp, env: tight });
		expect(right.response.status).toBe(429);
		expect(strangerLocked.response.status).toBe(429);
		expect(sessionCookie(right.response)).toBeUndefined();
		const retryAfter = Number(right.response.headers.get('Retry-After'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(WINDOW_S);
		expect(timeless(await right.response.text())).toBe(timeless(await strangerLocked.response.text()));

		await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 250));
		const later = await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD }, ip, env: tight });
		expect(later.response.status).toBe(200);
		expect(await whoAmI(sessionCookie(later.response)!)).toBe(email);
	});

	it('counts password checks in account settings too: deleting cannot be used to guess', async () => {
		const { email, session } = await createAccount();
		const ip = clientIp();
		for (let i = 0; i < LIMIT; i++) {
			const wrong = await account('/api/account/delete', { body: { password: `wrong guess ${i}!` }, session, ip, env: tight });
			expect(wrong.response.status).toBe(403);
		}
		const right = await account('/api/account/delete', { body: { password: GOOD_PASSWORD }, session, ip, env: tight });
		expect(right.response.status).toBe(429);
		expect(Number(right.response.headers.get('Retry-After'))).toBeGreaterThan(0);
		expect(await whoAmI(session)).toBe(email);
	});
});
