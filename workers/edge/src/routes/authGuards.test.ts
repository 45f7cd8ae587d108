import { describe, expect, it } from 'vitest';
import { sessionsResponseSchema } from '../../../../src/lib/protocol/auth.ts';
import { account, createAccount, FLOW_TIMEOUT_MS, GOOD_PASSWORD, outbox, uniqueEmail, whoAmI } from '../../test/accounts.ts';
import { callEdge, chatInit, clientIp, readEvents, textOf, userMessage } from '../../test/edge.ts';

describe('per-client attempt limits', { timeout: FLOW_TIMEOUT_MS }, () => {
	const tight = { AUTH_RATE_LIMIT_MAX: '3', AUTH_RATE_LIMIT_WINDOW_SECONDS: '120' };

	it.each([
		['/api/auth/sign-in', { email: 'someone@example.test', password: 'wrong password guess' }, 'sign-in attempts'],
		['/api/auth/sign-up', { email: 'someone@example.test', password: 'x' }, 'sign-ups'],
		['/api/auth/password-reset/request', { email: 'someone@example.test' }, 'password reset requests']
	])('%s answers 429 with Retry-After once a client is over the limit', async (path, body, what) => {
		const ip = clientIp();
		for (let i = 0; i < 3; i++) {
			const call = await account(path, { body, ip, env: tight });
			expect(call.response.status).not.toBe(429);
			await call.settled();
		}
		const refused = await account(path, { body, ip, env: tight });
		expect(refused.response.status).toBe(429);
		const retryAfter = Number(refused.response.headers.get('Retry-After'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(120);
		const { error } = (await refused.response.json()) as { error: { code: string; message: string } };
		expect(error.code).toBe('rate_limited');
		expect(error.message).toMatch(new RegExp(`^Too many ${what} from your network: this server allows 3 every 120 s. Try again in ${retryAfter} s \\(after \\d{4}-`));
		// Another client is not affected.
		expect((await account(path, { body, env: tight })).response.status).not.toBe(429);
	});

	it('stops a password-guessing run even when the right password comes last', async () => {
		const { email } = await createAccount();
		const ip = clientIp();
		for (let i = 0; i < 3; i++) await account('/api/auth/sign-in', { body: { email, password: `guess number ${i}!` }, ip, env: tight });
		const right = await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD }, ip, env: tight });
		expect(right.response.status).toBe(429);
	});

	it('sends one address at most five emails an hour, answering as usual', async () => {
		const email = uniqueEmail();
		for (let i = 0; i < 7; i++) {
			const call = await account('/api/auth/sign-up', { body: { email, password: GOOD_PASSWORD } });
			expect(call.response.status).toBe(202);
			await call.settled();
		}
		expect(await outbox(email)).toHaveLength(5);
	});
});

describe('CSRF: cookie-authenticated writes must come from the app', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('refuses a cross-site write with the session cookie, and changes nothing', async () => {
		const { email, session } = await createAccount();
		for (const headers of [{ Origin: 'https://evil.example' }, { Origin: 'null' }]) {
			const call = await account('/api/auth/sign-out-everywhere', { method: 'POST', session, headers });
			expect(call.response.status).toBe(403);
		}
		expect(await whoAmI(session)).toBe(email);
	});

	it('without Origin, trusts Sec-Fetch-Site, and refuses a cookie with neither', async () => {
		const { email, session } = await createAccount();
		const headers = (extra: Record<string, string>) => new Headers({ Cookie: `__Host-atrium_session=${session}`, ...extra });
		const crossSite = await callEdge('/api/auth/sign-out-everywhere', { method: 'POST', headers: headers({ 'Sec-Fetch-Site': 'cross-site' }) });
		expect(crossSite.response.status).toBe(403);
		expect(await crossSite.response.json()).toEqual({
			error: { code: 'forbidden', message: 'Refused a cross-site request: account changes must come from Atrium itself.' }
		});
		const bare = await callEdge('/api/auth/sign-out-everywhere', { method: 'POST', headers: headers({}) });
		expect(bare.response.status).toBe(403);
		const [current] = sessionsResponseSchema.parse(await (await account('/api/auth/sessions', { session })).response.json()).sessions;
		const revoke = await callEdge(`/api/auth/sessions/${current!.id}`, { method: 'DELETE', headers: headers({ 'Sec-Fetch-Site': 'same-site' }) });
		expect(revoke.response.status).toBe(403);
		expect(await whoAmI(session)).toBe(email);
		const sameOrigin = await callEdge('/api/auth/sign-out-everywhere', { method: 'POST', headers: headers({ 'Sec-Fetch-Site': 'same-origin' }) });
		expect(sameOrigin.response.status).toBe(204);
	});

	it('refuses a cross-site sign-in (login CSRF)', async () => {
		const call = await account('/api/auth/sign-in', {
			body: { email: 'a@example.test', password: GOOD_PASSWORD },
			headers: { Origin: 'https://evil.example' }
		});
		expect(call.response.status).toBe(403);
	});
});

describe('accounts stay optional', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('chat works signed out and signed in', async () => {
		const { session } = await createAccount();
		for (const headers of [{}, { Cookie: `__Host-atrium_session=${session}` }] as Record<string, string>[]) {
			const call = await callEdge('/api/chat', chatInit(userMessage('openai/gpt-4o-mini', 'hi'), headers));
			expect(call.response.status).toBe(200);
			expect(textOf(await readEvents(call.response)).length).toBeGreaterThan(0);
			await call.settled();
		}
	});
});

describe('dev outbox', () => {
	it('does not exist unless EMAIL_OUTBOX=1', async () => {
		const { response } = await callEdge('/api/dev/outbox');
		expect(response.status).toBe(404);
		expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint: GET /api/dev/outbox.' } });
	});
});
