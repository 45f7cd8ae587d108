// Context window management and notes in Chromium against the fake OpenAI server:
// keep-last-N, pins and a summary of the older turns decide what the model receives; notes
// and highlights survive a reload.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assistantMessages, openChat, pickModel, sendMessage, startStack, userMessages, waitIdle, type Stack } from './support/stack.ts';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

type Body = { messages: { role: string; content: string }[] };

/** The chat request whose last message is `text` (the title request asks something else). */
function requestFor(text: string): Body {
	const call = stack.openai.requests.find(
		(r) => r.path === '/v1/chat/completions' && (r.body as Body).messages.at(-1)?.content === text
	);
	assert.ok(call, `no request sent "${text}"`);
	return call.body as Body;
}

async function ask(page: Page, text: string): Promise<void> {
	await sendMessage(page, text);
	await assistantMessages(page).filter({ hasText: `Echo: ${text}` }).waitFor();
	await waitIdle(page);
}

/** Scrolls the (virtualized) thread to its start, where the early messages render. */
async function scrollToTop(page: Page): Promise<void> {
	await page.getByRole('log', { name: 'Messages' }).evaluate((log) => {
		for (const el of log.querySelectorAll<HTMLElement>('*')) if (el.scrollHeight > el.clientHeight + 1) el.scrollTop = 0;
	});
}

describe('context window and notes', () => {
	it('keeps the last N messages plus pinned ones, and notes and highlights persist', async () => {
		const page = await openChat(stack);
		// Tall enough that the whole thread renders (the list is virtualized).
		await page.setViewportSize({ width: 1280, height: 3000 });
		await page.getByRole('button', { name: /System prompt/ }).click();
		await page.getByLabel('System prompt for this conversation').fill('Be brief.');
		await page.getByRole('button', { name: 'Done' }).click();
		await ask(page, 'First question');
		await assert.doesNotReject(page.getByTestId('context-tokens').filter({ hasText: '/ 128,000 tokens' }).waitFor());

		await page.getByRole('button', { name: 'Context' }).click();
		await page.getByLabel('Keep last').fill('2');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await ask(page, 'Second question');
		await ask(page, 'Third question');

		// The last two messages are the second reply and the third question; the reply
		// brings its question, and the first turn stays out.
		assert.deepEqual(
			requestFor('Third question').messages.map((m) => m.content),
			['Be brief.', 'Second question', 'Echo: Second question', 'Third question']
		);
		await page.getByTestId('context-left-out').filter({ hasText: '4 earlier messages not sent' }).waitFor();

		// A pinned early message is always sent, with its reply.
		await scrollToTop(page);
		await userMessages(page).filter({ hasText: 'First question' }).getByRole('button', { name: 'Pin' }).click();
		await userMessages(page).filter({ hasText: 'First question' }).getByRole('button', { name: 'Pinned' }).waitFor();
		await ask(page, 'Fourth question');
		assert.deepEqual(
			requestFor('Fourth question').messages.map((m) => m.content),
			['Be brief.', 'First question', 'Echo: First question', 'Third question', 'Echo: Third question', 'Fourth question']
		);

		// A note and a highlight on the second reply.
		await scrollToTop(page);
		const reply = assistantMessages(page).filter({ hasText: 'Echo: Second question' });
		await reply.getByRole('button', { name: 'Add note' }).click();
		await reply.getByLabel('Note on this message').fill('Check the second answer');
		await reply.getByRole('button', { name: 'Save note' }).click();
		await reply.getByRole('complementary', { name: 'Note' }).filter({ hasText: 'Check the second answer' }).waitFor();
		await reply.locator('[data-highlight-root] p').filter({ hasText: 'Second' }).waitFor();
		await reply.evaluate((article) => {
			const root = article.querySelector('[data-highlight-root]')!;
			const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				const at = node.textContent!.indexOf('Second');
				if (at < 0) continue;
				const range = document.createRange();
				range.setStart(node, at);
				range.setEnd(node, at + 'Second'.length);
				getSelection()!.removeAllRanges();
				getSelection()!.addRange(range);
				return;
			}
			throw new Error('no text to select');
		});
		await reply.getByRole('button', { name: 'Highlight' }).click();
		await reply.locator('mark[data-highlight]', { hasText: 'Second' }).waitFor();

		await page.reload();
		await assistantMessages(page).first().waitFor();
		await scrollToTop(page);
		const again = assistantMessages(page).filter({ hasText: 'Echo: Second question' });
		await again.getByRole('complementary', { name: 'Note' }).filter({ hasText: 'Check the second answer' }).waitFor();
		assert.equal(await again.locator('mark[data-highlight]').textContent(), 'Second');
		await userMessages(page).filter({ hasText: 'First question' }).getByRole('button', { name: 'Pinned' }).waitFor();
		await page.context().close();
	});

	it('summarises the older turns with the selected model and sends the summary in their place until forgotten', async () => {
		const page = await openChat(stack);
		await ask(page, 'Alpha question');
		await page.getByRole('button', { name: 'Context' }).click();
		await page.getByLabel('Keep last').fill('2');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await ask(page, 'Beta question');
		await ask(page, 'Gamma question');
		await page.getByTestId('context-left-out').filter({ hasText: '4 earlier messages not sent' }).waitFor();

		await page.getByRole('button', { name: 'Summarise older messages' }).click();
		await page.getByText('Summary of 4 messages').waitFor();
		const prompt = stack.openai.requests
			.map((r) => r.body as Body | undefined)
			.find((body) => body?.messages?.at(-1)?.content.startsWith('Summarise the conversation below'));
		assert.ok(prompt, 'the selected model was asked to summarise');
		const asked = prompt.messages.at(-1)?.content ?? '';
		assert.match(asked, /User: Alpha question\n\nAssistant: Echo: Alpha question\n\nUser: Beta question\n\nAssistant: Echo: Beta question$/);
		assert.doesNotMatch(asked, /Gamma/, 'only the turns left out are summarised');

		await ask(page, 'Delta question');
		const sent = requestFor('Delta question').messages;
		assert.equal(sent[0]?.role, 'system');
		assert.match(sent[0]?.content ?? '', /^Summary of the earlier part of this conversation:\nEcho: Summarise the conversation below/);
		assert.deepEqual(sent.slice(1).map((m) => m.content), ['Gamma question', 'Echo: Gamma question', 'Delta question']);

		// The summary survives a reload, and once forgotten it is no longer sent.
		await page.reload();
		await assistantMessages(page).first().waitFor();
		await page.getByRole('button', { name: 'Context' }).click();
		await page.getByRole('button', { name: 'Forget summary' }).click();
		await page.getByText('Summary of 4 messages').waitFor({ state: 'detached' });
		await ask(page, 'Epsilon question');
		assert.deepEqual(requestFor('Epsilon question').messages.map((m) => m.content), ['Delta question', 'Echo: Delta question', 'Epsilon question']);
		await page.context().close();
	});

	it('counts the budget in the token worker, and says so when the worker cannot start (Try again recovers)', async () => {
		// No service worker: it would serve the worker's script from its precache past the route.
		const context = await stack.browser.newContext({ baseURL: stack.url, serviceWorkers: 'block' });
		context.setDefaultTimeout(15_000);
		const page = await context.newPage();
		const tokenWorker = /\/workers\/tokens\.worker-[^/]+\.js$/;
		let blocked = 0;
		await context.route(tokenWorker, (route) => (blocked++, route.abort()));
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await ask(page, 'Counted where?');
		// Sending does not need the worker (it falls back to the estimate); the budget line says it could not count.
		await page.getByTestId('context-failed').filter({ hasText: 'Tokens not counted' }).waitFor();
		assert.ok(blocked > 0, 'the token worker was asked for');
		assert.equal(await page.getByTestId('context-tokens').count(), 0);

		await context.unroute(tokenWorker);
		const started = page.waitForRequest((request) => tokenWorker.test(new URL(request.url()).pathname));
		await page.getByRole('button', { name: 'Try again' }).click();
		await started;
		await page.getByTestId('context-tokens').filter({ hasText: /^\s*[\d,]+ \/ 128,000 tokens\s*$/ }).waitFor();
		assert.equal(await page.getByTestId('context-failed').count(), 0);
		await context.close();
	});

	it('loads the Context panel on its first opening, and says so when it cannot (Try again recovers)', async () => {
		const manifest = JSON.parse(await readFile('.svelte-kit/output/client/.vite/manifest.json', 'utf8')) as Record<string, { file: string }>;
		const entry = manifest['src/lib/features/context/ContextSettings.svelte'];
		assert.ok(entry, 'the Context panel is not a chunk of its own in the build');
		const panel = `/${entry.file}`;
		const context = await stack.browser.newContext({ baseURL: stack.url, serviceWorkers: 'block' });
		context.setDefaultTimeout(15_000);
		const page = await context.newPage();
		const fetched = new Set<string>();
		page.on('request', (request) => fetched.add(new URL(request.url()).pathname));
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await ask(page, 'Panel later');
		await page.getByTestId('context-tokens').filter({ hasText: '/ 128,000 tokens' }).waitFor();
		assert.ok(!fetched.has(panel), 'the Context panel loaded before Context was pressed');

		const isPanel = (url: URL) => url.pathname === panel;
		await context.route(isPanel, (route) => route.abort());
		await page.getByRole('button', { name: 'Context' }).click();
		await page.getByRole('alert').filter({ hasText: 'The context settings could not be loaded' }).waitFor();
		await context.unroute(isPanel);
		await page.getByRole('button', { name: 'Try again' }).click();
		await page.getByLabel('Keep last').waitFor();
		await context.close();
	});

	it('says so when a note is too long to keep, and keeps what was typed', async () => {
		const page = await openChat(stack);
		await ask(page, 'Hello');
		const reply = assistantMessages(page).first();
		await reply.getByRole('button', { name: 'Add note' }).click();
		const box = reply.getByLabel('Note on this message');
		// maxlength stops typing; a paste past it through script is refused with a message.
		await box.evaluate((el: HTMLTextAreaElement) => {
			el.removeAttribute('maxlength');
			el.value = 'x'.repeat(10_001);
			el.dispatchEvent(new Event('input', { bubbles: true }));
		});
		await reply.getByRole('button', { name: 'Save note' }).click();
		await reply.getByRole('alert').filter({ hasText: 'the limit is 10,000' }).waitFor();
		assert.equal((await box.inputValue()).length, 10_001);
		await page.context().close();
	});
});
