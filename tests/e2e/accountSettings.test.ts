// Account settings and OAuth in Chromium against `npm start`, with a fake GitHub/Google
// (tests/fixtures/fakeOAuth.ts) over real HTTP: "Continue with GitHub" comes back signed in;
// a cancelled round trip is explained; profile, email change by link, export and deletion.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { after, before, describe, it } from 'node:test';
import { accountExportSchema } from '../../src/lib/protocol/account.ts';
import { FAKE_OAUTH_CLIENTS, startFakeOAuth, type FakeOAuthServer } from '../fixtures/fakeOAuth.ts';
import { emailedLink, PASSWORD, signIn, signUpAndVerify } from './support/accountFlows.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let oauth: FakeOAuthServer;
before(async () => {
	oauth = await startFakeOAuth();
	stack = await startStack({
		env: {
			GITHUB_CLIENT_ID: FAKE_OAUTH_CLIENTS.github.id,
			GITHUB_CLIENT_SECRET: FAKE_OAUTH_CLIENTS.github.secret,
			OAUTH_GITHUB_BASE_URL: oauth.baseUrl('github')
		}
	});
});
after(async () => {
	await stack?.close();
	await oauth?.close();
});

const unique = (label: string) => `e2e-${label}-${Date.now().toString(36)}@example.test`;

/** Password checks are a full argon2id hash each; on a busy 2-core machine a step can take many seconds. */
const PATIENT_MS = 45_000;

describe('OAuth', () => {
	it('"Continue with GitHub" → back signed in; the only way in cannot be disconnected', async () => {
		const email = unique('gh');
		oauth.setIdentity('github', { id: String(Date.now() % 1e9), login: 'octo-e2e', email });
		const page = await (await stack.newContext()).newPage();
		await page.goto('/sign-in');
		assert.equal(await page.getByRole('button', { name: 'Continue with Google' }).count(), 0, 'Google is not configured, so not offered');
		await page.getByRole('button', { name: 'Continue with GitHub' }).click();
		await page.waitForURL('**/account');
		await page.getByText(`Signed in as ${email}`).waitFor();

		const connected = page.getByRole('region', { name: 'Connected accounts' });
		await connected.getByRole('listitem').filter({ hasText: 'octo-e2e' }).waitFor();
		await connected.getByRole('button', { name: 'Disconnect' }).click();
		await connected.getByRole('alert').filter({ hasText: 'GitHub is the only way you sign in' }).waitFor();
		assert.equal(await connected.getByRole('listitem').count(), 1);
		assert.equal(await page.getByRole('region', { name: 'Change password' }).count(), 0, 'no password to change');
	});

	it('explains a sign-in cancelled at the provider', async () => {
		oauth.setIdentity('github', { id: '7', deny: true });
		const page = await (await stack.newContext()).newPage();
		await page.goto('/sign-in');
		await page.getByRole('button', { name: 'Continue with GitHub' }).click();
		await page.waitForURL('**/sign-in?oauth_error=denied');
		await page.getByRole('alert').filter({ hasText: 'You cancelled at the provider' }).waitFor();
		await page.getByLabel('Email').waitFor();
	});
});

describe('account settings', () => {
	it('profile → change email by link → export → delete', async () => {
		const email = unique('settings');
		const page = await (await stack.newContext()).newPage();
		page.setDefaultTimeout(PATIENT_MS);
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
});
