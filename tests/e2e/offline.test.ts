// Offline: once Atrium has been opened, it opens again with no network, and the
// conversations stored in IndexedDB are all there; a send while offline fails clearly and
// keeps the text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assistantMessages, pickModel, sendMessage, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

describe('offline', () => {
	it('reopens with no network and shows the stored conversations', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await sendMessage(page, 'Saved for the plane');
		await assistantMessages(page).filter({ hasText: 'Echo: Saved for the plane' }).waitFor();
		await page.getByRole('button', { name: 'Send' }).waitFor();
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
		const url = page.url();

		await context.setOffline(true);
		await page.reload();
		await assistantMessages(page).filter({ hasText: 'Echo: Saved for the plane' }).waitFor();
		await page.goto('/');
		await page.getByTestId('conversation-list').getByRole('link', { name: /Saved for the plane|Chat about/ }).click();
		await page.waitForURL(url);

		// Sending while offline fails with a clear message and loses nothing.
		await sendMessage(page, 'Sent with no network');
		const failed = assistantMessages(page).last().getByRole('alert');
		await failed.waitFor();
		assert.match(await failed.innerText(), /reach|network|offline|connection/i);
		await context.close();
	});
});
