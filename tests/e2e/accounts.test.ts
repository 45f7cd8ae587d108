// Accounts in Chromium against `npm start`: sign up, open the verification link from the
// development outbox, sign out and in, see the signed-in devices, revoke another browser's
// session and watch it end there. Also: errors are explained and nothing typed is lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import type { BrowserContext, Page } from 'playwright-core';
import { emailedLink as outboxLink, PASSWORD, signIn, signUpAndVerify as signUpThroughUi } from './support/accountFlows.ts';
import { startStack, type Stack } from './support/stack.ts';

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

const emailedLink = (to: string, page: string) => outboxLink(stack.url, to, page);
const signUpAndVerify = (page: Page, email: string) => signUpThroughUi(page, stack.url, email);

/** What an authenticator app shows `ahead` 30-second steps from now. */
function totp(secret: string, ahead = 0): string {
	return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30_000) + ahead), 6);
}

function sidebar(page: Page) {
	return page.getByRole('complementary', { name: 'Conversations' });
}

describe('accounts', () => {
	it('sign up → verify → sign out → sign in → sessions → revoke another browser', async () => {
		const email = `e2e-${Date.now().toString(36)}@example.test`;
		const page = await (await stack.newContext()).newPage();
		await page.goto('/');
		await sidebar(page).getByRole('link', { name: 'Sign in' }).click();
		await page.getByRole('link', { name: 'Create an account' }).click();
		// Client-side navigation: without this wait, a slow machine fills the sign-in form.
		await page.waitForURL('**/sign-up');
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Create account' }).click();
		await page.getByRole('status').filter({ hasText: `we sent a link to ${email}` }).waitFor();

		await page.goto(await emailedLink(email, '/verify-email'));
		await page.getByRole('button', { name: 'Verify email' }).click();
		await page.waitForURL('**/account');
		await page.getByText(`Signed in as ${email}`).waitFor();
		await sidebar(page).getByRole('link', { name: email }).waitFor();
		assert.equal(new URL(page.url()).hash, '', 'the token is gone from the address bar');

		await page.getByRole('button', { name: 'Sign out', exact: true }).click();
		await page.waitForURL('**/sign-in');
		await sidebar(page).getByRole('link', { name: 'Sign in' }).waitFor();

		await signIn(page, email);
		await page.waitForURL('**/account');
		await page.getByRole('list', { name: 'Sessions' }).getByRole('listitem').first().waitFor();
		assert.equal(await page.getByRole('list', { name: 'Sessions' }).getByRole('listitem').count(), 1);

		const other: BrowserContext = await stack.browser.newContext({ baseURL: stack.url, userAgent: FIREFOX_ON_WINDOWS });
		try {
			const otherPage = await other.newPage();
			await signIn(otherPage, email);
			await otherPage.waitForURL('**/account');

			await page.reload();
			const sessions = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
			await sessions.nth(1).waitFor();
			assert.equal(await sessions.count(), 2);
			const firefox = sessions.filter({ hasText: 'Firefox on Windows' });
			assert.equal(await firefox.getByText('This device').count(), 0);
			await firefox.getByRole('button', { name: 'Revoke' }).click();
			await firefox.waitFor({ state: 'detached' });
			assert.equal(await sessions.count(), 1);

			await otherPage.reload();
			await otherPage.getByText('You are not signed in').waitFor();
			await sidebar(otherPage).getByRole('link', { name: 'Sign in' }).waitFor();
			const me = await otherPage.evaluate(async () => (await fetch('/api/me')).json());
			assert.deepEqual(me, { user: null, twoFactorPending: false });
		} finally {
			await other.close();
		}

		// This browser is still signed in.
		await page.reload();
		await page.getByText(`Signed in as ${email}`).waitFor();
	});

	it('explains bad input and keeps what was typed', async () => {
		const page = await (await stack.newContext()).newPage();
		await page.goto('/sign-up');
		await page.getByLabel('Email').fill('someone@example');
		await page.getByLabel('Password').fill('short');
		await page.getByRole('button', { name: 'Create account' }).click();
		await page.getByRole('alert').filter({ hasText: 'Enter a valid email address, like name@example.com.' }).waitFor();
		await page.getByLabel('Email').fill('someone@example.test');
		await page.getByRole('button', { name: 'Create account' }).click();
		await page.getByRole('alert').filter({ hasText: 'Use at least 10 characters for your password.' }).waitFor();
		assert.equal(await page.getByLabel('Password').inputValue(), 'short');

		await signIn(page, 'nobody@example.test', 'not the right password');
		await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
		assert.equal(await page.getByLabel('Email').inputValue(), 'nobody@example.test');
		assert.equal(await page.getByLabel('Password').inputValue(), 'not the right password');
		assert.match(page.url(), /\/sign-in$/);
	});

	it('two-factor: enable → sign out → sign in with a TOTP code; a magic link still asks for a code', async () => {
		const email = `e2e-2fa-${Date.now().toString(36)}@example.test`;
		const page = await (await stack.newContext()).newPage();
		await signUpAndVerify(page, email);

		await page.getByRole('button', { name: 'Set up two-factor' }).click();
		const secret = (await page.getByLabel('Authenticator key').innerText()).trim();
		await page.getByLabel('Code').fill('000000' === totp(secret) ? '111111' : '000000');
		await page.getByRole('button', { name: 'Turn on two-factor' }).click();
		await page.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
		await page.getByLabel('Code').fill(totp(secret));
		await page.getByRole('button', { name: 'Turn on two-factor' }).click();
		const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
		await codes.nth(9).waitFor();
		const recovery = (await codes.first().innerText()).trim();
		await page.getByRole('button', { name: 'I saved them' }).click();

		await page.getByRole('button', { name: 'Sign out', exact: true }).click();
		await page.waitForURL('**/sign-in');
		await signIn(page, email);
		await page.getByLabel('Code').fill('123 456');
		await page.getByRole('button', { name: 'Verify code' }).click();
		await page.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
		await page.getByLabel('Code').fill(totp(secret, 1));
		await page.getByRole('button', { name: 'Verify code' }).click();
		await page.waitForURL('**/account');
		await page.getByText(`Signed in as ${email}`).waitFor();

		const other = await stack.newContext();
		const otherPage = await other.newPage();
		await otherPage.goto('/sign-in');
		await otherPage.getByLabel('Email').fill(email);
		await otherPage.getByRole('button', { name: 'Send magic link' }).click();
		await otherPage.getByRole('status').filter({ hasText: 'we sent it a sign-in link' }).waitFor();
		await otherPage.goto(await emailedLink(email, '/magic-link'));
		await otherPage.getByRole('button', { name: 'Sign in with this link' }).click();
		await otherPage.getByLabel('Code').fill(recovery);
		await otherPage.getByRole('button', { name: 'Verify code' }).click();
		await otherPage.waitForURL('**/account');
		await otherPage.getByText(`Signed in as ${email}`).waitFor();

		// Revoke the magic-link session from the first browser.
		await page.reload();
		const sessions = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
		await sessions.nth(1).waitFor();
		await sessions.filter({ hasNotText: 'This device' }).getByRole('button', { name: 'Revoke' }).click();
		await sessions.nth(1).waitFor({ state: 'detached' });
		await otherPage.reload();
		await otherPage.getByText('You are not signed in').waitFor();
	});
});
