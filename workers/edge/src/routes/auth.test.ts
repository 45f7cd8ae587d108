import { describe, expect, it } from 'vitest';
import {
	account,
	createAccount,
	FLOW_TIMEOUT_MS,
	GOOD_PASSWORD,
	latestLinkToken,
	outbox,
	sessionCookie,
	signIn,
	uniqueEmail,
	whoAmI
} from '../../test/accounts.ts';

describe('sign-up, verification, sign-in, sign-out', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('runs the whole journey', async () => {
		const email = uniqueEmail();
		const signUp = await account('/api/auth/sign-up', { body: { email: `  ${email.toUpperCase()} `, password: GOOD_PASSWORD } });
		expect(signUp.response.status).toBe(202);
		expect(sessionCookie(signUp.response)).toBeUndefined();
		await signUp.settled();
		const [mail] = await outbox(email);
		expect(mail?.subject).toBe('Confirm your email for Atrium');

		const verify = await account('/api/auth/verify-email', { body: { token: await latestLinkToken(email, '/verify-email') } });
		expect(verify.response.status).toBe(200);
		expect(await verify.response.json()).toMatchObject({ user: { email, emailVerified: true } });
		const first = sessionCookie(verify.response)!;
		const setCookie = verify.response.headers.getSetCookie().join('\n');
		expect(setCookie).toMatch(/HttpOnly/);
		expect(setCookie).toMatch(/Secure/);
		expect(setCookie).toMatch(/SameSite=Lax/);
		expect(setCookie).toMatch(/Path=\//);
		expect(await whoAmI(first)).toBe(email);

		const signOut = await account('/api/auth/sign-out', { method: 'POST', session: first });
		expect(signOut.response.status).toBe(204);
		expect(sessionCookie(signOut.response)).toBe('');
		expect(await whoAmI(first)).toBeNull();

		const second = await signIn(email.toUpperCase());
		expect(await whoAmI(second)).toBe(email);
	});

	it('answers /api/me with null when signed out, and clears a cookie that is no session', async () => {
		const anonymous = await account('/api/me');
		expect(await anonymous.response.json()).toEqual({ user: null, twoFactorPending: false });
		const forged = await account('/api/me', { session: 'aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
		expect(await forged.response.json()).toEqual({ user: null, twoFactorPending: false });
		expect(sessionCookie(forged.response)).toBe('');
	});

	it('refuses a wrong password exactly like an unknown email', async () => {
		const { email } = await createAccount();
		const wrong = await account('/api/auth/sign-in', { body: { email, password: 'not the password at all' } });
		const unknown = await account('/api/auth/sign-in', { body: { email: uniqueEmail('nobody'), password: 'not the password at all' } });
		expect(wrong.response.status).toBe(401);
		expect(unknown.response.status).toBe(401);
		expect(await wrong.response.json()).toEqual(await unknown.response.json());
		expect(sessionCookie(wrong.response)).toBeUndefined();
	});

	it('asks an unverified account to confirm its email first, sending a fresh link', async () => {
		const email = uniqueEmail();
		await (await account('/api/auth/sign-up', { body: { email, password: GOOD_PASSWORD } })).settled();
		const attempt = await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD } });
		expect(attempt.response.status).toBe(403);
		expect(await attempt.response.json()).toEqual({
			error: { code: 'forbidden', message: `Confirm your email address first: we sent a new link to ${email}.` }
		});
		await attempt.settled();
		expect(await outbox(email)).toHaveLength(2);
		expect(sessionCookie(attempt.response)).toBeUndefined();
	});
});

describe('no user enumeration', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('answers a sign-up for a taken address exactly like a new one, and tells the owner by email', async () => {
		const { email } = await createAccount();
		const fresh = uniqueEmail();
		const [taken, free] = await Promise.all([
			account('/api/auth/sign-up', { body: { email, password: 'another fine passphrase' } }),
			account('/api/auth/sign-up', { body: { email: fresh, password: 'another fine passphrase' } })
		]);
		expect(taken.response.status).toBe(free.response.status);
		const takenBody = await taken.response.text();
		expect(takenBody).toBe((await free.response.text()).replace(fresh, email));
		await Promise.all([taken.settled(), free.settled()]);
		expect((await outbox(email))[0]?.subject).toBe('You already have an Atrium account');
		// The original password still works: a sign-up can never change a verified account.
		expect(await whoAmI(await signIn(email))).toBe(email);
	});

	it('lets the mailbox owner decide the password of an account nobody verified yet', async () => {
		const email = uniqueEmail();
		await (await account('/api/auth/sign-up', { body: { email, password: 'squatter password 1' } })).settled();
		await (await account('/api/auth/sign-up', { body: { email, password: 'owner password 22' } })).settled();
		const verify = await account('/api/auth/verify-email', { body: { token: await latestLinkToken(email, '/verify-email') } });
		expect(verify.response.status).toBe(200);
		const squatter = await account('/api/auth/sign-in', { body: { email, password: 'squatter password 1' } });
		expect(squatter.response.status).toBe(401);
		expect(await whoAmI(await signIn(email, 'owner password 22'))).toBe(email);
	});
});

describe('bad input changes nothing', { timeout: FLOW_TIMEOUT_MS }, () => {
	it.each([
		[{ email: 'not-an-email', password: GOOD_PASSWORD }, 'Enter a valid email address, like name@example.com.'],
		[{ email: 'a@example.test', password: 'short' }, 'Use at least 10 characters for your password.'],
		[{ email: 'a@example.test', password: 'password123' }, 'This password is one of the first an attacker would try: choose another.'],
		[{ email: 'alice@example.test', password: 'my name is alice!' }, 'Your password must not contain your email address.'],
		[{ email: 'a@example.test' }, 'Enter a new password.'],
		[{ email: 42, password: GOOD_PASSWORD }, 'Enter your email address.'],
		[[1, 2], 'Send the request as a JSON object.']
	])('refuses sign-up with %j', async (body, message) => {
		const call = await account('/api/auth/sign-up', { body });
		expect(call.response.status).toBe(400);
		expect(await call.response.json()).toEqual({ error: { code: 'invalid_request', message } });
		await call.settled();
		if (typeof body === 'object' && 'email' in body && typeof body.email === 'string') expect(await outbox(body.email)).toEqual([]);
	});

	it('refuses JSON that does not parse, and an empty body', async () => {
		const broken = await account('/api/auth/sign-in', { body: '{"email":' });
		expect(await broken.response.json()).toEqual({ error: { code: 'invalid_request', message: 'The request body is not valid JSON.' } });
		const empty = await account('/api/auth/sign-in', { method: 'POST' });
		expect(empty.response.status).toBe(400);
	});

	it('refuses an oversized body with 413 before reading it all', async () => {
		const body = JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(10_000) });
		const call = await account('/api/auth/sign-up', { body });
		expect(call.response.status).toBe(413);
		expect(await call.response.json()).toEqual({
			error: { code: 'too_large', message: 'The request body is larger than the 8192-byte limit.' }
		});
	});

	it('answers 503 when the server has no way to send email', async () => {
		const call = await account('/api/auth/sign-up', { body: { email: uniqueEmail(), password: GOOD_PASSWORD }, env: { EMAIL_OUTBOX: '0' } });
		expect(call.response.status).toBe(503);
		expect(((await call.response.json()) as { error: { code: string } }).error.code).toBe('unavailable');
	});
});

describe('emailed links', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('work once', async () => {
		const email = uniqueEmail();
		await (await account('/api/auth/sign-up', { body: { email, password: GOOD_PASSWORD } })).settled();
		const token = await latestLinkToken(email, '/verify-email');
		expect((await account('/api/auth/verify-email', { body: { token } })).response.status).toBe(200);
		const again = await account('/api/auth/verify-email', { body: { token } });
		expect(again.response.status).toBe(400);
		expect(await again.response.json()).toEqual({
			error: { code: 'invalid_request', message: 'This link is not valid or was already used: sign up again, or sign in to get a new one.' }
		});
		expect(sessionCookie(again.response)).toBeUndefined();
	});

	it('expire after an hour, and stay dead', async () => {
		const email = uniqueEmail();
		await (await account('/api/auth/sign-up', { body: { email, password: GOOD_PASSWORD } })).settled();
		const token = await latestLinkToken(email, '/verify-email');
		const id = token.split('.')[0]!;
		const { testDb } = await import('../../test/accounts.ts');
		await testDb().prepare('UPDATE email_tokens SET expires_at = ? WHERE id = ?').bind(Date.now() - 1, id).run();
		const late = await account('/api/auth/verify-email', { body: { token } });
		expect(await late.response.json()).toEqual({
			error: { code: 'invalid_request', message: 'This link has expired (links work for 60 minutes): sign up again, or sign in to get a new one.' }
		});
		const row = await testDb().prepare('SELECT id FROM email_tokens WHERE id = ?').bind(id).first();
		expect(row).toBeNull();
	});

	it('refuse a tampered secret', async () => {
		const email = uniqueEmail();
		await (await account('/api/auth/sign-up', { body: { email, password: GOOD_PASSWORD } })).settled();
		const [id, secret] = (await latestLinkToken(email, '/verify-email')).split('.') as [string, string];
		const flipped = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
		expect((await account('/api/auth/verify-email', { body: { token: flipped } })).response.status).toBe(400);
		// The real link still works: a wrong guess does not burn it.
		expect((await account('/api/auth/verify-email', { body: { token: `${id}.${secret}` } })).response.status).toBe(200);
	});
});
