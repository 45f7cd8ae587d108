// Tiers, quotas, the usage dashboard and the admin page in Chromium against `npm start`:
// a free account spends its (small) daily quota on a server model and is told when to
// retry, sees it on /usage with charts; an admin (ADMIN_EMAILS) finds the account on
// /admin, makes it premium and disables it; a non-admin is told /admin is not for them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { signUpAndVerify } from './support/accountFlows.ts';
import { assistantMessages, pickModel, sendMessage, startStack, waitIdle, type Stack } from './support/stack.ts';

const stamp = Date.now().toString(36);
const ADMIN = `admin-${stamp}@example.test`;
const USER = `user-${stamp}@example.test`;
const DAILY = 3;

let stack: Stack;
before(async () => {
	stack = await startStack({ env: { ADMIN_EMAILS: ADMIN, QUOTA_FREE_DAILY_REQUESTS: String(DAILY) } });
});
after(async () => {
	await stack?.close();
});

async function newPage(): Promise<Page> {
	return (await stack.newContext()).newPage();
}

describe('tiers, usage and admin', () => {
	let user: Page;

	it('a new account sees an empty dashboard, then spends its quota and is told when to retry', async () => {
		user = await newPage();
		await signUpAndVerify(user, stack.url, USER);
		await user.getByRole('link', { name: 'Usage' }).click();
		await user.waitForURL('**/usage');
		await user.getByRole('status').filter({ hasText: 'No usage in the last 30 days' }).waitFor();
		const bar = user.getByRole('progressbar', { name: 'Requests to server-held models today' });
		assert.equal(await bar.getAttribute('aria-valuetext'), `0 of ${DAILY} used`);
		assert.equal(await user.getByRole('link', { name: 'Admin', exact: true }).count(), 0);

		await user.goto('/');
		await pickModel(user, 'gpt-4o-mini');
		await sendMessage(user, 'Question 0');
		await assistantMessages(user).first().getByText('Echo: Question 0').waitFor();
		await user.waitForURL('**/c/**');
		await waitIdle(user);
		// The rest of the quota, spent from this signed-in page (its title request may have used some).
		const statuses = await user.evaluate(async (limit) => {
			const seen: number[] = [];
			for (let i = 0; i < limit + 1 && seen.at(-1) !== 429; i++) {
				const body = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: `extra ${i}` }] });
				const response = await fetch('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
				await response.text();
				seen.push(response.status);
			}
			return seen;
		}, DAILY);
		assert.equal(statuses.at(-1), 429, `statuses: ${statuses.join(', ')}`);
		await sendMessage(user, 'One more');
		const alert = assistantMessages(user).nth(1).getByRole('alert');
		await alert.waitFor();
		const refusal = await alert.innerText();
		assert.match(refusal, new RegExp(`today's ${DAILY} requests to server-held models on the Free tier`));
		assert.match(refusal, /Try again in (\d+ h )?\d+ (min|s) \(after \d{4}-\d\d-\d\dT00:00:00\.000Z, midnight UTC\)/);
	});

	it('the dashboard shows the quota used up and charts of the day, with a table fallback', async () => {
		await user.goto('/usage');
		const bar = user.getByRole('progressbar', { name: 'Requests to server-held models today' });
		await bar.waitFor();
		assert.equal(await bar.getAttribute('aria-valuetext'), `${DAILY} of ${DAILY} used`);
		const requests = user.getByRole('figure', { name: 'Messages and API calls per day' });
		await requests.locator('canvas').first().waitFor();
		assert.match(await requests.innerText(), new RegExp(`Requests: ${DAILY} in total`));
		await requests.getByText('Show as a table').click();
		const today = requests.getByRole('row').last();
		assert.match(await today.innerText(), new RegExp(`\\b${DAILY}\\b`));
		await user.getByRole('figure', { name: 'Tokens per day' }).locator('canvas').first().waitFor();
		await user.getByRole('button', { name: '7 days' }).click();
		await user.getByRole('figure', { name: 'Messages and API calls per day' }).getByText('over 7 days').waitFor();
	});

	it('a non-admin is told /admin is not for them', async () => {
		await user.goto('/admin');
		await user.getByRole('alert').filter({ hasText: 'Not allowed: only administrators' }).waitFor();
	});

	it('an admin finds the account, makes it premium, and disables it', async () => {
		const admin = await newPage();
		await signUpAndVerify(admin, stack.url, ADMIN);
		await admin.getByRole('link', { name: 'Admin', exact: true }).click();
		await admin.waitForURL('**/admin');
		await admin.getByRole('heading', { name: 'Totals' }).waitFor();
		await admin.getByLabel('Search users').fill(`user-${stamp}`);
		await admin.getByRole('button', { name: 'Search' }).click();
		await admin.locator('caption', { hasText: /^1 user;/ }).waitFor();
		const row = admin.getByRole('row').filter({ hasText: USER });
		assert.equal(await admin.getByRole('row').filter({ hasText: '@example.test' }).count(), 1);
		assert.match(await row.innerText(), new RegExp(`Active\\s+${DAILY}\\b`));

		await row.getByLabel(`Tier of ${USER}`).selectOption('premium');
		await user.goto('/usage');
		await user.getByText('Premium tier').waitFor();
		await user.getByText(`${DAILY} of 1,000`).waitFor();

		await row.getByRole('button', { name: `Disable ${USER}` }).click();
		await row.getByRole('button', { name: `Enable ${USER}` }).waitFor();
		assert.match(await row.innerText(), /Disabled/);
		await user.reload();
		await user.getByText('Usage is counted for signed-in accounts').waitFor();
	});
});
