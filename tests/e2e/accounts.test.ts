// Accounts in Chromium against `npm start`: the whole journey in its order (sign up,
// verify by the emailed link, sign in, enable two-factor, sign out, sign in with a TOTP code,
// revoke a session from a second device), password reset by email, and bad input explained
// with nothing typed lost. Forms are found by their exact accessible names.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
	button,
	emailedLink as outboxLink,
	enterCode,
	field,
	PATIENT_MS,
	onlyNewPasswordSignsIn,
	showsSignedIn,
	showsSignedOut,
	sidebar,
	signIn,
	signUp,
	signUpAndVerify,
	startTwoFactorSetup,
	totp,
	turnOnTwoFactor,
	unique,
	verifyByEmailedLink,
	wrongTotp
} from './support/accountFlows.ts';
import { startStack, type Stack } from './support/stack.ts';

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const NEW_PASSWORD = 'a different and longer passphrase';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

const emailedLink = (to: string, page: string) => outboxLink(stack.url, to, page);

async function newPage(options: Parameters<Stack['newContext']>[0] = {}): Promise<Page> {
	const page = await (await stack.newContext(options)).newPage();
	page.setDefaultTimeout(PATIENT_MS);
	return page;
}

describe('accounts', () => {
	it('sign-up → verify → sign in → enable 2FA → sign out → sign in with TOTP → revoke a session', async () => {
		const email = unique('journey');
		const laptop = await newPage();

		// Sign up, from the sidebar.
		await laptop.goto('/');
		await sidebar(laptop).getByRole('link', { name: 'Sign in', exact: true }).click();
		await laptop.getByRole('link', { name: 'Create an account', exact: true }).click();
		// Client-side navigation: without this wait, a slow machine fills the sign-in form.
		await laptop.waitForURL('**/sign-up');
		await signUp(laptop, email);

		// Verify by the emailed link: that signs this browser in.
		await verifyByEmailedLink(laptop, stack.url, email);
		await sidebar(laptop).getByRole('link', { name: email, exact: true }).waitFor();
		assert.equal(new URL(laptop.url()).hash, '', 'the token is gone from the address bar');

		// Sign in with the password.
		await button(laptop, 'Sign out').click();
		await laptop.waitForURL('**/sign-in');
		await sidebar(laptop).getByRole('link', { name: 'Sign in', exact: true }).waitFor();
		await signIn(laptop, email);
		await showsSignedIn(laptop, email);
		const laptopSessions = laptop.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
		await laptopSessions.first().waitFor();
		assert.equal(await laptopSessions.count(), 1);

		// Enable two-factor with the key shown; a wrong code is explained first.
		const secret = await startTwoFactorSetup(laptop);
		await field(laptop, 'Code').fill(wrongTotp(secret));
		await button(laptop, 'Turn on two-factor').click();
		await laptop.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
		const [recoveryCode] = await turnOnTwoFactor(laptop, secret);

		// Sign out, then sign in with the password and a TOTP code (a wrong one first).
		await button(laptop, 'Sign out').click();
		await laptop.waitForURL('**/sign-in');
		await signIn(laptop, email);
		const wrong = wrongTotp(secret);
		await enterCode(laptop, wrong);
		await laptop.getByRole('alert').filter({ hasText: 'That code is not right (or was already used)' }).waitFor();
		assert.equal(await field(laptop, 'Code').inputValue(), wrong, 'the code typed stays');
		// The next step (the one the setup used is spent), typed as the app shows it: "123 456".
		const code = totp(secret, 1);
		await enterCode(laptop, `${code.slice(0, 3)} ${code.slice(3)}`);
		await showsSignedIn(laptop, email);

		// A second device signs in by magic link; two-factor still asks for a code (a recovery code here).
		const phone = await newPage({ userAgent: FIREFOX_ON_WINDOWS });
		await phone.goto('/sign-in');
		await field(phone, 'Email').fill(email);
		await button(phone, 'Send magic link').click();
		await phone.getByRole('status').filter({ hasText: 'we sent it a sign-in link' }).waitFor();
		await phone.goto(await emailedLink(email, '/magic-link'));
		await button(phone, 'Sign in with this link').click();
		await enterCode(phone, recoveryCode!);
		await showsSignedIn(phone, email);

		// From the second device: both sessions listed, this one marked; revoke the laptop's.
		const sessions = phone.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
		await sessions.nth(1).waitFor();
		assert.equal(await sessions.count(), 2);
		assert.match(await sessions.filter({ hasText: 'This device' }).innerText(), /Firefox on Windows/);
		const laptopRow = sessions.filter({ hasNotText: 'This device' });
		await button(laptopRow, 'Revoke').click();
		await laptopRow.waitFor({ state: 'detached' });
		assert.equal(await sessions.count(), 1);

		// The laptop's next action finds it signed out, and nothing it sent was kept.
		const profile = laptop.getByRole('region', { name: 'Profile' });
		await profile.getByLabel('Display name', { exact: true }).fill('Written after the revoke');
		await button(profile, 'Save profile').click();
		await showsSignedOut(laptop);
		assert.deepEqual(await laptop.evaluate(async () => (await fetch('/api/me')).json()), { user: null, twoFactorPending: false });

		// The second device is still signed in, and the name was not saved.
		await phone.reload();
		await phone.getByText(`Signed in as ${email}`).waitFor();
		const phoneName = phone.getByRole('region', { name: 'Profile' }).getByLabel('Display name', { exact: true });
		await phoneName.waitFor();
		assert.equal(await phoneName.inputValue(), '');
	});

	it('forgot password → emailed link → new password signs every device out; the link works once', async () => {
		const email = unique('reset');
		const laptop = await newPage();
		await signUpAndVerify(laptop, stack.url, email);

		const other = await newPage();
		await other.goto('/sign-in');
		await other.getByRole('link', { name: 'Forgot your password?', exact: true }).click();
		await other.waitForURL('**/reset-password');
		await field(other, 'Email').fill(email);
		await button(other, 'Send reset link').click();
		await other.getByRole('status').filter({ hasText: `If ${email} has an Atrium account, we sent it a link` }).waitFor();

		const link = await emailedLink(email, '/reset-password');
		await other.goto(link);
		const weak = `${email.split('@')[0]} forever`;
		await field(other, 'Password').fill(weak);
		await button(other, 'Set new password').click();
		await other.getByRole('alert').filter({ hasText: 'Your password must not contain your email address.' }).waitFor();
		assert.equal(await field(other, 'Password').inputValue(), weak, 'what was typed stays');
		await field(other, 'Password').fill(NEW_PASSWORD);
		await button(other, 'Set new password').click();
		await other.getByRole('status').filter({ hasText: 'Your password is changed and every device is signed out.' }).waitFor();

		// The same link a second time.
		const again = await other.context().newPage();
		await again.goto(link);
		await field(again, 'Password').fill('yet another long passphrase');
		await button(again, 'Set new password').click();
		await again.getByRole('alert').filter({ hasText: 'This link is not valid or was already used: ask for a new one.' }).waitFor();

		// The browser that was signed in is not any more.
		await laptop.reload();
		await showsSignedOut(laptop);

		await onlyNewPasswordSignsIn(other, email, NEW_PASSWORD);
	});

	it('explains bad input and keeps what was typed', async () => {
		const page = await newPage();
		await page.goto('/sign-up');
		await field(page, 'Email').fill('someone@example');
		await field(page, 'Password').fill('short');
		await button(page, 'Create account').click();
		await page.getByRole('alert').filter({ hasText: 'Enter a valid email address, like name@example.com.' }).waitFor();
		await field(page, 'Email').fill('someone@example.test');
		await button(page, 'Create account').click();
		await page.getByRole('alert').filter({ hasText: 'Use at least 10 characters for your password.' }).waitFor();
		assert.equal(await field(page, 'Password').inputValue(), 'short');

		await signIn(page, 'nobody@example.test', 'not the right password');
		await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
		assert.equal(await field(page, 'Email').inputValue(), 'nobody@example.test');
		assert.equal(await field(page, 'Password').inputValue(), 'not the right password');
		assert.match(page.url(), /\/sign-in$/);
	});
});
