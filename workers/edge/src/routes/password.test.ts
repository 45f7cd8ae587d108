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
	testDb,
	uniqueEmail,
	whoAmI
} from '../../test/accounts.ts';

const NEW_PASSWORD = 'a brand new passphrase';

describe('password reset', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('sets a new password through the emailed link and signs every device out', async () => {
		const { email, session } = await createAccount();
		const request = await account('/api/auth/password-reset/request', { body: { email } });
		expect(request.response.status).toBe(202);
		await request.settled();
		const token = await latestLinkToken(email, '/reset-password');

		const confirm = await account('/api/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } });
		expect(confirm.response.status).toBe(200);
		expect(sessionCookie(confirm.response)).toBeUndefined();
		expect(await whoAmI(session)).toBeNull();
		expect((await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD } })).response.status).toBe(401);
		expect(await whoAmI(await signIn(email, NEW_PASSWORD))).toBe(email);
		await confirm.settled();
		expect((await outbox(email))[0]?.subject).toBe('Your Atrium password was changed');

		const reused = await account('/api/auth/password-reset/confirm', { body: { token, password: 'yet another passphrase' } });
		expect(reused.response.status).toBe(400);
		expect(await whoAmI(await signIn(email, NEW_PASSWORD))).toBe(email);
	});

	it('answers an unknown address exactly like a known one, and emails nobody', async () => {
		const { email } = await createAccount();
		const unknown = uniqueEmail('nobody');
		const [known, missing] = await Promise.all([
			account('/api/auth/password-reset/request', { body: { email } }),
			account('/api/auth/password-reset/request', { body: { email: unknown } })
		]);
		expect(known.response.status).toBe(missing.response.status);
		expect(await known.response.text()).toBe((await missing.response.text()).replace(unknown, email));
		await Promise.all([known.settled(), missing.settled()]);
		expect(await outbox(unknown)).toEqual([]);
	});

	it('keeps the link usable when the new password breaks the rule', async () => {
		const { email } = await createAccount(uniqueEmail('marguerite'));
		await (await account('/api/auth/password-reset/request', { body: { email } })).settled();
		const token = await latestLinkToken(email, '/reset-password');
		const weak = await account('/api/auth/password-reset/confirm', { body: { token, password: `${email.split('@')[0]}!!` } });
		expect(await weak.response.json()).toEqual({
			error: { code: 'invalid_request', message: 'Your password must not contain your email address.' }
		});
		expect((await account('/api/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } })).response.status).toBe(200);
	});

	it('refuses an expired link', async () => {
		const { email } = await createAccount();
		await (await account('/api/auth/password-reset/request', { body: { email } })).settled();
		const token = await latestLinkToken(email, '/reset-password');
		await testDb().prepare('UPDATE email_tokens SET expires_at = ? WHERE id = ?').bind(Date.now() - 1, token.split('.')[0]).run();
		const late = await account('/api/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } });
		expect(await late.response.json()).toEqual({
			error: { code: 'invalid_request', message: 'This link has expired (links work for 60 minutes): ask for a new one.' }
		});
		expect(await whoAmI(await signIn(email))).toBe(email);
	});

	it('does not accept a verification link as a reset link', async () => {
		const email = uniqueEmail();
		await (await account('/api/auth/sign-up', { body: { email, password: GOOD_PASSWORD } })).settled();
		const token = await latestLinkToken(email, '/verify-email');
		expect((await account('/api/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } })).response.status).toBe(400);
	});
});

describe('password change', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('needs the current password, then ends every other session and renews this one', async () => {
		const { email, session } = await createAccount();
		const elsewhere = await signIn(email);

		const wrong = await account('/api/auth/password', { body: { currentPassword: 'not my password', newPassword: NEW_PASSWORD }, session });
		expect(wrong.response.status).toBe(403);
		expect(await whoAmI(elsewhere)).toBe(email);

		const change = await account('/api/auth/password', { body: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD }, session });
		expect(change.response.status).toBe(200);
		const renewed = sessionCookie(change.response)!;
		expect(renewed).not.toBe(session);
		expect(await whoAmI(renewed)).toBe(email);
		expect(await whoAmI(session)).toBeNull();
		expect(await whoAmI(elsewhere)).toBeNull();
		expect(await whoAmI(await signIn(email, NEW_PASSWORD))).toBe(email);
	});

	it('refuses a weak new password with the rule it breaks, and changes nothing', async () => {
		const { email, session } = await createAccount(uniqueEmail('marguerite'));
		const elsewhere = await signIn(email);
		for (const [newPassword, rule] of [
			['short', 'Use at least 10 characters for your password.'],
			['password123', 'This password is one of the first an attacker would try: choose another.'],
			[`${email.split('@')[0]}-is-me`, 'Your password must not contain your email address.']
		] as const) {
			const weak = await account('/api/auth/password', { body: { currentPassword: GOOD_PASSWORD, newPassword }, session });
			expect(weak.response.status, newPassword).toBe(400);
			expect(await weak.response.json()).toEqual({ error: { code: 'invalid_request', message: rule } });
			expect(sessionCookie(weak.response), 'this device keeps its session').toBeUndefined();
		}
		expect(await whoAmI(session)).toBe(email);
		expect(await whoAmI(elsewhere)).toBe(email);
		expect(await whoAmI(await signIn(email, GOOD_PASSWORD))).toBe(email);
		expect((await account('/api/auth/sign-in', { body: { email, password: `${email.split('@')[0]}-is-me` } })).response.status).toBe(401);
	});

	it('needs a session', async () => {
		const call = await account('/api/auth/password', { body: { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD } });
		expect(call.response.status).toBe(401);
	});
});
