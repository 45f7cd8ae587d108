// Conversation management and what model output can do to the page: auto-titles, rename,
// delete, a 10,000-message thread, and the XSS corpus streamed through the real app.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { xssCorpus } from '../fixtures/xssCorpus.ts';
import { seedConversation } from './support/seed.ts';
import { assistantMessages, openChat, replyDirective, sendMessage, startStack, type Stack } from './support/stack.ts';
import { wheelThread } from './support/thread.ts';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

describe('conversations', () => {
	it('titles a conversation after the first exchange, and a rename sticks', async () => {
		const page = await openChat(stack);
		await sendMessage(page, 'Sorting lists in Python quickly');
		const title = page.getByRole('button', { name: /^Rename conversation/ });
		await title.filter({ hasText: 'Chat about Sorting lists in Python' }).waitFor();
		const list = page.getByTestId('conversation-list');
		await list.getByRole('link', { name: /Chat about Sorting lists/ }).waitFor();

		await title.click();
		const input = page.getByRole('textbox', { name: 'Conversation title' });
		await input.fill('Python sorting notes');
		await input.press('Enter');
		await list.getByRole('link', { name: /Python sorting notes/ }).waitFor();
		await page.reload();
		await page.getByRole('button', { name: 'Rename conversation: Python sorting notes' }).waitFor();
		await page.context().close();
	});

	it('deletes a conversation after confirmation', async () => {
		const page = await openChat(stack);
		await sendMessage(page, 'Short-lived chat');
		await assistantMessages(page).filter({ hasText: 'Echo: Short-lived chat' }).waitFor();
		await page.getByRole('button', { name: 'Send' }).waitFor();
		const list = page.getByTestId('conversation-list');
		await list.getByRole('link').first().waitFor();
		const deletedUrl = page.url();
		page.once('dialog', (dialog) => void dialog.dismiss());
		await page.getByRole('button', { name: 'Delete conversation' }).click();
		assert.equal(await list.getByRole('link').count(), 1, 'dismissing the dialog must keep the conversation');
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: 'Delete conversation' }).click();
		await page.waitForURL(`${stack.url}/`);
		await list.getByText('No conversations yet').waitFor();
		// Back to the old address inside the app: it is gone, not served from memory.
		await page.evaluate((url) => {
			const link = Object.assign(document.createElement('a'), { href: url });
			document.body.append(link);
			link.click();
		}, deletedUrl);
		await page.getByText('This conversation is not on this device.').waitFor();
		await page.context().close();
	});

	it('opens a 10,000-message conversation with only the visible messages in the page', async () => {
		const page = await openChat(stack);
		const id = await seedConversation(page, { count: 10_000, title: 'Huge' });
		await page.goto(`/c/${id}`);
		await assistantMessages(page).filter({ hasText: 'message number 9999' }).waitFor();
		const rendered = await page.locator('article[data-role]').count();
		assert.ok(rendered > 0 && rendered < 100, `expected a virtualized list, found ${rendered} articles`);
		// Straight to the very top, as a reader can right after opening: the first message
		// renders and the DOM stays small.
		await wheelThread(page, 'top');
		await page.locator('article', { hasText: 'message number 0' }).first().waitFor();
		assert.ok((await page.locator('article[data-role]').count()) < 100);
		await page.context().close();
	});

	it('never runs script from model output (XSS corpus through the chat)', async () => {
		const page = await openChat(stack);
		await page.evaluate(() => {
			(window as unknown as { __xssHits: number[] }).__xssHits = [];
			(window as unknown as { __xss: (n: number) => void }).__xss = (n) =>
				(window as unknown as { __xssHits: number[] }).__xssHits.push(n);
		});
		let dialogs = 0;
		page.on('dialog', (dialog) => {
			dialogs += 1;
			void dialog.dismiss();
		});
		const batches = [xssCorpus.slice(0, 25), xssCorpus.slice(25, 50), xssCorpus.slice(50)];
		for (const [index, batch] of batches.entries()) {
			await sendMessage(page, `Batch ${index} ${replyDirective([`Batch ${index} reply`, ...batch].join('\n\n'))}`);
			await page
				.locator('article[data-role="assistant"][data-status="complete"]', { hasText: `Batch ${index} reply` })
				.waitFor();
		}
		// Poke everything a user might touch in the rendered replies.
		const targets = page.locator('article[data-role="assistant"] .body a, article[data-role="assistant"] .body button');
		for (let i = 0; i < (await targets.count()); i++) {
			await targets.nth(i).hover({ timeout: 1000 }).catch(() => undefined);
			await targets.nth(i).click({ timeout: 1000, modifiers: ['Alt'] }).catch(() => undefined);
		}
		await page.waitForTimeout(500);
		const hits = await page.evaluate(() => (window as unknown as { __xssHits: number[] }).__xssHits);
		assert.deepEqual(hits, [], `payloads ran: ${hits.join(', ')}`);
		assert.equal(dialogs, 0);
		assert.equal(await page.locator('article[data-role="assistant"] script').count(), 0);
		await page.context().close();
	});
});
