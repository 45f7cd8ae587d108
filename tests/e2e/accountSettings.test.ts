// Account settings and OAuth in Chromium against `npm start`, with a fake GitHub/Google
// (tests/fixtures/fakeOAuth.ts) over real HTTP: "Continue with GitHub" comes back signed in;
// a cancelled round trip is explained; profile, email change by link, export and deletion;
// changing the password and signing out everywhere end the other browser's session; two-factor
// turned off.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { accountExportSchema } from '../../src/lib/protocol/account.ts';
import { FAKE_OAUTH_CLIENTS, startFakeOAuth, type FakeOAuthServer } from '../fixtures/fakeOAuth.ts';
import {
	button,
	emailedLink,
	enterCode,
	field,
	PASSWORD,
	PATIENT_MS,
	onlyNewPasswordSignsIn,
	showsSignedIn,
	showsSignedOut,
	signIn,
	signUpAndVerify,
	startTwoFactorSetup,
	totp,
	turnOnTwoFactor,
	unique,
	wrongTotp
} from './support/accountFlows.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let oauth: FakeOAuthServer;
before(async () => {
	oauth = await startFakeOAuth();
	stack = await startStack({
		env: {
			GITHUB_CLIENT_ID: FAKE_OAUTH_CLIENTS.github.id,
			GITHUB_CLIENT_SECRET: FAKE_OAUTH_CLIENTS.github.secret,
			OAUTH_GITHUB_BASE_URL: oauth.baseUrl('github'),
			GOOGLE_CLIENT_ID: FAKE_OAUTH_CLIENTS.google.id,
			GOOGLE_CLIENT_SECRET: FAKE_OAUTH_CLIENTS.google.secret,
			OAUTH_GOOGLE_BASE_URL: oauth.baseUrl('google'),
			// Every browser here is 127.0.0.1: this file's password checks (sign-ins, changes,
			// confirmations) pass the default 10 per address per 10 minutes.
			AUTH_RATE_LIMIT_MAX: '50'
		}
	});
});
after(async () => {
	await stack?.close();
	await oauth?.close();
});

async function newPage(): Promise<Page> {
	const page = await (await stack.newContext()).newPage();
	page.setDefaultTimeout(PATIENT_MS);
	return page;
}

describe('OAuth', () => {
	it('"Continue with GitHub" → back signed in; the only way in cannot be disconnected', async () => {
		const email = unique('gh');
		oauth.setIdentity('github', { id: String(Date.now() % 1e9), login: 'octo-e2e', email });
		const page = await newPage();
		await page.goto('/sign-in');
		await page.getByRole('button', { name: 'Continue with GitHub' }).click();
		await showsSignedIn(page, email);

		const connected = page.getByRole('region', { name: 'Connected accounts' });
		await connected.getByRole('listitem').filter({ hasText: 'octo-e2e' }).waitFor();
		// Google is offered to connect, but this test keeps GitHub the only way in.
		await connected.getByRole('button', { name: 'Connect Google', exact: true }).waitFor();
		await connected.getByRole('button', { name: 'Disconnect' }).click();
		await connected.getByRole('alert').filter({ hasText: 'GitHub is the only way you sign in' }).waitFor();
		assert.equal(await connected.getByRole('listitem').count(), 1);
		assert.equal(await page.getByRole('region', { name: 'Change password' }).count(), 0, 'no password to change');
	});

	it('"Continue with Google" → back signed in; GitHub connected from Account; with Google disconnected, GitHub signs in', async () => {
		const email = unique('google');
		const googleId = String(Date.now() % 1e9);
		oauth.setIdentity('google', { id: googleId, email });
		const page = await newPage();
		await page.goto('/sign-in');
		await page.getByRole('button', { name: 'Continue with Google', exact: true }).click();
		await showsSignedIn(page, email);

		const connected = page.getByRole('region', { name: 'Connected accounts' });
		await connected.getByRole('listitem').filter({ hasText: email }).filter({ hasText: 'Google' }).waitFor();
		// Connecting GitHub with a different address at GitHub still links it to this account.
		oauth.setIdentity('github', { id: String((Date.now() + 1) % 1e9), login: 'octo-connect', email: unique('gh-other') });
		await connected.getByRole('button', { name: 'Connect GitHub', exact: true }).click();
		await page.getByRole('status').filter({ hasText: 'GitHub is connected: you can sign in with it.' }).waitFor();
		await connected.getByRole('listitem').filter({ hasText: 'octo-connect' }).waitFor();
		assert.equal(await connected.getByRole('listitem').count(), 2);

		// Google off: the connected GitHub account is a way in of its own.
		await connected.getByRole('listitem').filter({ hasText: 'Google' }).getByRole('button', { name: 'Disconnect' }).click();
		await connected.getByRole('listitem').filter({ hasText: 'Google' }).waitFor({ state: 'detached' });
		assert.equal(await connected.getByRole('listitem').count(), 1);
		const other = await newPage();
		await other.goto('/sign-in');
		await other.getByRole('button', { name: 'Continue with GitHub', exact: true }).click();
		await showsSignedIn(other, email);
	});

	it('explains a sign-in cancelled at the provider', async () => {
		oauth.setIdentity('github', { id: '7', deny: true });
		const page = await newPage();
		await page.goto('/sign-in');
		await page.getByRole('button', { name: 'Continue with GitHub' }).click();
		await page.waitForURL('**/sign-in?oauth_error=denied');
		await page.getByRole('alert').filter({ hasText: 'You cancelled at the provider' }).waitFor();
		await field(page, 'Email').waitFor();
	});
});

describe('account settings', () => {
	it('profile → change email by link → export → delete', async () => {
		const email = unique('settings');
		const page = await newPage();
		await signUpAndVerify(page, stack.url, email);

		const profile = page.getByRole('region', { name: 'Profile' });
		await profile.getByLabel('Display name').fill('Ada\u0007');
		await profile.getByRole('button', { name: 'Save profile' }).click();
		await profile.getByRole('alert').filter({ hasText: 'control characters' }).waitFor();
		await profile.getByLabel('Display name').fill('Ada Lovelace');
		await profile.getByRole('button', { name: 'Save profile' }).click();
		await profile.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();

		const newEmail = unique('moved');
		const change = page.getByRole('region', { name: 'Email address' });
		await change.getByLabel('New email address').fill('not-an-address');
		await change.getByLabel('Current password').fill(PASSWORD);
		await change.getByRole('button', { name: 'Send confirmation link' }).click();
		await change.getByRole('alert').filter({ hasText: 'Enter a valid email address' }).waitFor();
		await change.getByLabel('New email address').fill(newEmail);
		await change.getByLabel('Current password').fill('not the password');
		await change.getByRole('button', { name: 'Send confirmation link' }).click();
		await change.getByRole('alert').filter({ hasText: 'Your current password is not right.' }).waitFor();
		assert.equal(await change.getByLabel('New email address').inputValue(), newEmail, 'what was typed stays');
		await change.getByLabel('Current password').fill(PASSWORD);
		await change.getByRole('button', { name: 'Send confirmation link' }).click();
		await change.getByRole('status').filter({ hasText: `Check ${newEmail}` }).waitFor();

		await page.goto(await emailedLink(stack.url, newEmail, '/account/email'));
		await page.getByRole('button', { name: 'Confirm new email' }).click();
		await page.getByRole('status').filter({ hasText: newEmail }).waitFor();
		await page.goto('/account');
		await page.getByText(`Signed in as ${newEmail}`).waitFor();
		assert.equal(await page.getByRole('region', { name: 'Profile' }).getByLabel('Display name').inputValue(), 'Ada Lovelace');

		const downloading = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Download my data' }).click();
		const download = await downloading;
		assert.match(download.suggestedFilename(), /^atrium-account-\d{4}-\d{2}-\d{2}\.zip$/);
		const archive = unzipSync(new Uint8Array(await readFile((await download.path())!)));
		const exported = accountExportSchema.parse(JSON.parse(strFromU8(archive['atrium-account.json']!)));
		assert.equal((exported.data.account as { email: string }).email, newEmail);
		assert.equal((exported.data.account as { displayName: string }).displayName, 'Ada Lovelace');

		const danger = page.getByRole('region', { name: 'Delete my account' });
		await danger.getByRole('button', { name: 'Delete my account…' }).click();
		await danger.getByLabel('Current password').fill('wrong password');
		await danger.getByRole('button', { name: 'Delete account permanently' }).click();
		await danger.getByRole('alert').filter({ hasText: 'Your current password is not right.' }).waitFor();
		await danger.getByLabel('Current password').fill(PASSWORD);
		await danger.getByRole('button', { name: 'Delete account permanently' }).click();
		await page.waitForURL('**/account?deleted=1');
		await page.getByRole('status').filter({ hasText: 'Your account was deleted' }).waitFor();

		await signIn(page, newEmail);
		await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
	});

	it('change password: a weak one is refused and changes nothing; a good one signs the other browser out; then sign out everywhere', async () => {
		const email = unique('change');
		const laptop = await newPage();
		await signUpAndVerify(laptop, stack.url, email);
		const phone = await newPage();
		await signIn(phone, email);
		await showsSignedIn(phone, email);

		const change = laptop.getByRole('region', { name: 'Change password' });
		const weak = `${email.split('@')[0]} forever`;
		await field(change, 'Current password').fill(PASSWORD);
		await field(change, 'New password').fill(weak);
		await button(change, 'Change password').click();
		await change.getByRole('alert').filter({ hasText: 'Your password must not contain your email address.' }).waitFor();
		assert.equal(await field(change, 'New password').inputValue(), weak, 'what was typed stays');
		await phone.reload();
		await phone.getByText(`Signed in as ${email}`).waitFor();

		const newPassword = 'a different and longer passphrase';
		await field(change, 'New password').fill(newPassword);
		await button(change, 'Change password').click();
		await change.getByRole('status').filter({ hasText: 'Password changed. Other devices are signed out.' }).waitFor();
		const sessions = laptop.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
		await sessions.first().waitFor();
		assert.equal(await sessions.count(), 1, 'only this device is left');

		// The other browser finds it is signed out: at its next action, or on its own first (its
		// background sync is refused with a 401 at the next interval, which signs the page out).
		const signedOut = showsSignedOut(phone);
		await Promise.race([button(phone, 'Download my data').click(), signedOut]);
		await signedOut;
		await onlyNewPasswordSignsIn(phone, email, newPassword);

		await button(laptop, 'Sign out everywhere').click();
		await laptop.waitForURL('**/sign-in');
		await laptop.goto('/account');
		await showsSignedOut(laptop);
		await phone.reload();
		await showsSignedOut(phone);
	});

	it('two-factor turned on from another device: this one is asked for a code at its next action, and is back in after it', async () => {
		const email = unique('2fa-elsewhere');
		const laptop = await newPage();
		await signUpAndVerify(laptop, stack.url, email);
		const phone = await newPage();
		await signIn(phone, email);
		await showsSignedIn(phone, email);

		const secret = await startTwoFactorSetup(laptop);
		await turnOnTwoFactor(laptop, secret);

		// The phone's next action finds its session owes a code: it asks for one, not a sign-in.
		const profile = phone.getByRole('region', { name: 'Profile' });
		await field(profile, 'Display name').fill('From the phone');
		await button(profile, 'Save profile').click();
		await phone.getByRole('heading', { name: 'Enter your code' }).waitFor();
		await enterCode(phone, wrongTotp(secret));
		await phone.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
		await enterCode(phone, totp(secret, 1));
		await phone.getByText(`Signed in as ${email}`).waitFor();
		assert.equal(await field(phone.getByRole('region', { name: 'Profile' }), 'Display name').inputValue(), '', 'the save made while owing a code did not happen');
	});

	it('two-factor off: a wrong code is refused, the right one turns it off, and signing in asks for none', async () => {
		const email = unique('2fa-off');
		const page = await newPage();
		await signUpAndVerify(page, stack.url, email);
		const secret = await startTwoFactorSetup(page);
		await turnOnTwoFactor(page, secret);

		const twoFactor = page.getByRole('region', { name: 'Two-factor sign-in' });
		await twoFactor.getByText('On: signing in asks for a code').waitFor();
		await field(twoFactor, 'Code').fill(wrongTotp(secret));
		await button(twoFactor, 'Turn off two-factor').click();
		await twoFactor.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
		// The next step: the one the setup used is spent.
		await field(twoFactor, 'Code').fill(totp(secret, 1));
		await button(twoFactor, 'Turn off two-factor').click();
		await twoFactor.getByText('Off. With it on, signing in also asks for a code').waitFor();

		await button(page, 'Sign out').click();
		await page.waitForURL('**/sign-in');
		await signIn(page, email);
		await showsSignedIn(page, email);
		assert.equal(await field(page, 'Code').count(), 0, 'no code asked');
	});
});
