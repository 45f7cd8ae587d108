// Chat journeys in Chromium against the stack as `npm start` runs it, with the fake
// OpenAI and Gemini servers as the edge's server-held upstreams.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	assistantMessages,
	OPENAI_TEST_KEY,
	GEMINI_TEST_KEY,
	pickModel,
	editIntoBranch,
	openChat,
	waitIdle,
	sendMessage,
	startStack,
	userMessages,
	type Stack
} from './support/stack.ts';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

describe('chat', () => {
	it('streams a reply from a server-held model and keeps the key out of the browser', async () => {
		const page = await openChat(stack);
		const seen: string[] = [];
		page.on('response', async (response) => {
			if (response.url().includes('/api/')) seen.push(await response.text().catch(() => ''));
		});
		await sendMessage(page, 'Hello there');
		await assert.doesNotReject(userMessages(page).filter({ hasText: 'Hello there' }).waitFor());
		const reply = assistantMessages(page).first();
		await reply.filter({ hasText: 'Echo: Hello there' }).waitFor();
		await waitIdle(page);
		assert.match(page.url(), /\/c\/[0-9a-f-]{36}$/);
		assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), '');
		// The upstream saw the server key; nothing the browser received contains it.
		const upstream = stack.openai.requests.find((r) => r.path === '/v1/chat/completions');
		assert.equal(upstream?.headers['authorization'], `Bearer ${OPENAI_TEST_KEY}`);
		const html = await page.content();
		for (const body of [html, ...seen]) {
			assert.ok(!body.includes(OPENAI_TEST_KEY) && !body.includes(GEMINI_TEST_KEY), 'a server key reached the browser');
		}
		await page.context().close();
	});

	it('streams from Gemini through the same picker', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await pickModel(page, 'gemini');
		await sendMessage(page, 'Bonjour Gemini');
		await assistantMessages(page).filter({ hasText: 'Bonjour Gemini' }).waitFor();
		await waitIdle(page);
		assert.ok(stack.gemini.requests.some((r) => r.path.includes(':streamGenerateContent')));
		await context.close();
	});

	it('sends with Enter, adds a line with Shift+Enter, and refuses an empty message', async () => {
		const page = await openChat(stack);
		const box = page.getByRole('textbox', { name: 'Message' });
		await box.press('Enter');
		await page.getByRole('alert').filter({ hasText: 'Type a message first' }).waitFor();
		await box.type('line one');
		await box.press('Shift+Enter');
		await box.type('line two');
		assert.equal(await box.inputValue(), 'line one\nline two');
		await box.press('Enter');
		await assistantMessages(page).filter({ hasText: 'line two' }).waitFor();
		await page.context().close();
	});

	it('stops a reply and aborts the upstream request', async () => {
		const page = await openChat(stack);
		const before = stack.openai.requests.length;
		await sendMessage(page, 'Tell me a long story [[slow]]');
		const reply = assistantMessages(page).first();
		// This reply's request, not a late title request from an earlier test.
		const storyRequest = () =>
			stack.openai.requests.slice(before).find((r) => r.path === '/v1/chat/completions' && JSON.stringify(r.body).includes('Tell me a long story'));
		await reply.locator('.body').filter({ hasText: /\S/ }).waitFor();
		// Stop while the upstream answer is in flight (not before the request went out).
		for (let i = 0; i < 100 && !storyRequest(); i++) await page.waitForTimeout(100);
		assert.ok(storyRequest(), 'the reply never reached the model server');
		await page.getByRole('button', { name: 'Stop' }).click();
		await page.getByRole('button', { name: 'Send' }).waitFor();
		await reply.getByText('Stopped.').waitFor();
		// Whitespace may differ between the streaming and the final render; the words may not.
		const words = async () => (await reply.locator('.body').innerText()).replace(/\s+/g, ' ').trim();
		const stoppedText = await words();
		await page.waitForTimeout(600);
		assert.equal(await words(), stoppedText, 'text kept growing after Stop');
		const upstream = storyRequest();
		for (let i = 0; i < 20 && !upstream?.aborted; i++) await page.waitForTimeout(100);
		assert.equal(upstream?.aborted, true, 'the upstream request was not aborted');
		await page.context().close();
	});

	it('regenerates into a sibling and switches between branches', async () => {
		const page = await openChat(stack);
		await sendMessage(page, 'First question');
		await assistantMessages(page).filter({ hasText: 'Echo: First question' }).waitFor();
		await waitIdle(page);
		await page.getByRole('button', { name: 'Regenerate' }).click();
		await page.getByText('2/2').waitFor();
		await waitIdle(page);
		await page.getByRole('button', { name: 'Previous branch' }).click();
		await page.getByText('1/2').waitFor();
		assert.equal(await assistantMessages(page).count(), 1);
		await page.context().close();
	});

	it('edits a user message into a new branch and keeps the original', async () => {
		const page = await openChat(stack);
		await editIntoBranch(page);
		await page.getByText('2/2').waitFor();
		await page.getByRole('button', { name: 'Previous branch' }).click();
		await userMessages(page).filter({ hasText: 'Original wording' }).waitFor();
		await assistantMessages(page).filter({ hasText: 'Echo: Original wording' }).waitFor();
		await page.getByRole('button', { name: 'Next branch' }).click();
		await userMessages(page).filter({ hasText: 'Better wording' }).waitFor();
		await page.context().close();
	});

	it('keeps conversations across a reload, with a title and in the list', async () => {
		const page = await openChat(stack);
		await sendMessage(page, 'Remember this after reload');
		await assistantMessages(page).filter({ hasText: 'Echo: Remember this after reload' }).waitFor();
		await waitIdle(page);
		const url = page.url();
		await page.reload();
		await assistantMessages(page).filter({ hasText: 'Echo: Remember this after reload' }).waitFor();
		assert.equal(page.url(), url);
		const list = page.getByTestId('conversation-list');
		await list.getByRole('link').first().waitFor();
		assert.ok((await list.getByRole('link').count()) >= 1);
		await page.context().close();
	});

	it('keeps what arrived when the page reloads mid-stream, and continues it', async () => {
		const page = await openChat(stack);
		await sendMessage(page, 'Write slowly [[slow]]');
		const reply = assistantMessages(page).first();
		await reply.locator('.body').filter({ hasText: /\S{4}/ }).waitFor();
		// Let the throttled writer store some text, then reload.
		await page.waitForTimeout(700);
		await page.reload();
		const restored = assistantMessages(page).first();
		await restored.getByText('This reply was interrupted').waitFor();
		const kept = await restored.locator('.body').innerText();
		assert.ok(kept.trim().length > 0, 'the text that arrived before the reload was lost');
		await restored.getByRole('button', { name: 'Continue' }).click();
		await page.getByRole('button', { name: 'Stop' }).waitFor();
		await page.getByRole('button', { name: 'Stop' }).click();
		await waitIdle(page);
		assert.ok((await restored.locator('.body').innerText()).startsWith(kept.trim().slice(0, 10)));
		await page.context().close();
	});

	it('shows an upstream error, keeps the conversation, and recovers on regenerate', async () => {
		const page = await openChat(stack);
		await sendMessage(page, 'Trigger a quota error [[error:429]]');
		const reply = assistantMessages(page).first();
		const alert = reply.getByRole('alert');
		await alert.waitFor();
		assert.match(await alert.innerText(), /quota|rate|too many/i);
		await userMessages(page).filter({ hasText: 'Trigger a quota error' }).waitFor();
		await page.context().close();
	});

	it('keeps partial text when the model fails mid-stream', async () => {
		const page = await openChat(stack);
		await sendMessage(page, 'Break halfway [[midstream-error]]');
		const reply = assistantMessages(page).first();
		await reply.getByRole('alert').waitFor();
		assert.ok((await reply.locator('.body').innerText()).trim().length > 0);
		await page.context().close();
	});

	it('refuses an oversized message and keeps what the user typed', async () => {
		const page = await openChat(stack);
		const box = page.getByRole('textbox', { name: 'Message' });
		const huge = 'x'.repeat(100_001);
		await box.fill(huge);
		await box.press('Enter');
		await page.getByRole('alert').filter({ hasText: 'limit is 100,000' }).waitFor();
		assert.equal((await box.inputValue()).length, huge.length);
		assert.equal(await userMessages(page).count(), 0);
		await page.context().close();
	});

	it('applies the per-conversation system prompt', async () => {
		const page = await openChat(stack);
		await page.getByRole('button', { name: /System prompt/ }).click();
		await page.getByLabel('System prompt for this conversation').fill('You are a pirate.');
		await page.getByRole('button', { name: 'Done' }).click();
		const before = stack.openai.requests.length;
		await sendMessage(page, 'Ahoy');
		await assistantMessages(page).filter({ hasText: 'Echo: Ahoy' }).waitFor();
		const call = stack.openai.requests.slice(before).find((r) => r.path === '/v1/chat/completions');
		const body = call?.body as { messages: { role: string; content: string }[] };
		assert.deepEqual(body.messages[0], { role: 'system', content: 'You are a pirate.' });
		await page.context().close();
	});
});
