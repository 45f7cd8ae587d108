// Tiers, quotas, the usage dashboard and the admin page in Chromium against `npm start`:
// a free account spends its (small) daily quota on a server model and is told when to
// retry, sees it on /usage with charts of its messages, API calls, tokens and storage and
// what each tier includes; an admin (ADMIN_EMAILS) finds the account on
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

	it('a new account sees its quota and what each tier includes, then spends its quota and is told when to retry', async () => {
		user = await newPage();
		await signUpAndVerify(user, stack.url, USER);
		await user.getByRole('link', { name: 'Usage' }).click();
		await user.waitForURL('**/usage');
		const bar = user.getByRole('progressbar', { name: 'Requests to server-held models today' });
		await bar.waitFor();
		assert.equal(await bar.getAttribute('aria-valuetext'), `0 of ${DAILY} used`);
		// Signing in and opening the app were API calls already; no message yet.
		assert.match(await user.getByRole('figure', { name: 'Messages per day' }).innerText(), /Messages: 0 in total/);
		// What each tier includes, this account's marked, with the configured limits.
		const plans = user.getByRole('table').filter({ has: user.getByRole('columnheader', { name: 'Free (yours)' }) });
		const images = plans.getByRole('row').filter({ hasText: 'Image generation' });
		assert.match(await images.innerText(), /Image generation[\s\S]*Not included\s+Included\s+Included/);
		const limits = plans.getByRole('row').filter({ hasText: 'Requests to server-held models a day' });
		assert.match(await limits.innerText(), new RegExp(`\\b${DAILY}\\s+1,000\\s+No limit`));
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

	it('the dashboard charts messages, API calls, tokens and storage of the day, with a table fallback', async () => {
		// The conversation reaches the server by sync in the background: wait until it has reported its bytes.
		await user.goto('/usage');
		const storedBytes = async () =>
			user.evaluate(async () => {
				const usage = (await (await fetch('/api/usage?days=1')).json()) as { days: Array<{ storageBytes: number }> };
				return usage.days[0]?.storageBytes ?? 0;
			});
		for (const started = Date.now(); (await storedBytes()) === 0; await user.waitForTimeout(500)) {
			assert.ok(Date.now() - started < 20_000, 'sync never reported storage for the account');
		}
		await user.reload();
		const bar = user.getByRole('progressbar', { name: 'Requests to server-held models today' });
		await bar.waitFor();
		assert.equal(await bar.getAttribute('aria-valuetext'), `${DAILY} of ${DAILY} used`);

		const messages = user.getByRole('figure', { name: 'Messages per day' });
		await messages.locator('canvas').first().waitFor();
		assert.match(await messages.innerText(), new RegExp(`Messages: ${DAILY} in total`));
		await messages.getByText('Show as a table').click();
		assert.match(await messages.getByRole('row').last().innerText(), new RegExp(`\\b${DAILY}\\b`));

		// Sign-in, /api/me, sync pushes and pulls, these usage reads: counted apart from messages.
		const calls = user.getByRole('figure', { name: 'API calls per day' });
		await calls.locator('canvas').first().waitFor();
		const callCount = Number(/API calls: ([\d,]+) in total/.exec(await calls.innerText())?.[1]?.replace(/,/g, '') ?? 0);
		assert.ok(callCount >= 3, `API calls: ${callCount}`);

		const tokens = user.getByRole('figure', { name: 'Tokens per day' });
		await tokens.locator('canvas').first().waitFor();
		const tokensIn = Number(/Tokens in: ([\d,]+) in total/.exec(await tokens.innerText())?.[1]?.replace(/,/g, '') ?? 0);
		const tokensOut = Number(/Tokens out: ([\d,]+) in total/.exec(await tokens.innerText())?.[1]?.replace(/,/g, '') ?? 0);
		assert.ok(tokensIn > 0 && tokensOut > 0, `tokens in ${tokensIn}, out ${tokensOut}`);

		const storage = user.getByRole('figure', { name: 'Storage held by the server' });
		await storage.locator('canvas').first().waitFor();
		const held = /Storage: ([\d.]+) (B|KB|MB) now/.exec(await storage.innerText());
		assert.ok(held && Number(held[1]) > 0, `storage: ${await storage.innerText()}`);

		await user.getByRole('button', { name: '7 days' }).click();
		await user.getByRole('figure', { name: 'Messages per day' }).getByText('over 7 days').waitFor();
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
