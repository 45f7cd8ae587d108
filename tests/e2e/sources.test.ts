// Model sources on a fresh install with no server keys: the user's own OpenAI-compatible
// endpoint called straight from the browser, bad keys and URLs, and WebGPU's absence.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { freePort } from '../../scripts/lib/processGroup.ts';
import { assistantMessages, GEMINI_TEST_KEY, OPENAI_TEST_KEY, pickModel, sendMessage, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
before(async () => {
	stack = await startStack({ withoutServerKeys: true });
});
after(async () => {
	await stack?.close();
});

function sourceForm(page: Page) {
	return page.getByRole('form', { name: 'Add a model source' });
}

async function addSource(page: Page, fields: { baseUrl: string; apiKey: string; name?: string }) {
	await page.goto('/settings');
	const form = sourceForm(page);
	if (fields.name) await form.getByLabel('Name').fill(fields.name);
	await form.getByLabel('Base URL').fill(fields.baseUrl);
	await form.getByLabel('API key').fill(fields.apiKey);
	await form.getByRole('button', { name: 'Add source' }).click();
}

describe('model sources', () => {
	it('tells a new user how to get a model when none is configured', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await page.getByText('No model is set up yet').waitFor();
		await page.getByText(/WebGPU/).first().waitFor();
		await context.close();
	});

	it('rejects a wrong key and an unreachable URL with clear messages, storing neither', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await addSource(page, { baseUrl: stack.openai.url, apiKey: 'sk-wrong' });
		await page.getByRole('alert').filter({ hasText: /API key was rejected/i }).waitFor();
		const closed = await freePort();
		const form = sourceForm(page);
		await form.getByLabel('Base URL').fill(`http://127.0.0.1:${closed}/v1`);
		await form.getByLabel('API key').fill(OPENAI_TEST_KEY);
		await form.getByRole('button', { name: 'Add source' }).click();
		await page.getByRole('alert').filter({ hasText: /Could not reach/i }).waitFor();
		await form.getByLabel('Base URL').fill('not a url');
		await form.getByRole('button', { name: 'Add source' }).click();
		await page.getByRole('alert').filter({ hasText: /must start with http/ }).waitFor();
		assert.equal(await page.getByText('No sources added yet.').count(), 1);
		await context.close();
	});

	it('chats with the user’s own OpenAI-compatible server directly from the browser', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await addSource(page, { baseUrl: stack.openai.url, apiKey: OPENAI_TEST_KEY, name: 'My server' });
		await page.getByRole('status').filter({ hasText: /Connected: \d+ models? found/ }).waitFor();
		await page.goto('/');
		await pickModel(page, 'gpt-4o');
		const before = stack.openai.requests.length;
		await sendMessage(page, 'Direct from the browser');
		await assistantMessages(page).filter({ hasText: 'Echo: Direct from the browser' }).waitFor();
		const call = stack.openai.requests.slice(before).find((r) => r.method === 'POST');
		assert.equal(call?.headers['authorization'], `Bearer ${OPENAI_TEST_KEY}`);
		// The edge never saw this conversation: the browser called the server itself.
		assert.ok(call?.headers['origin']?.startsWith(stack.url));
		await context.close();
	});
});

describe('Gemini from the browser', () => {
	it('adds a Gemini key and chats with Gemini directly', async () => {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/settings');
		const form = sourceForm(page);
		await form.getByLabel('Type').selectOption('gemini');
		await form.getByLabel('Base URL').fill(stack.gemini.url);
		await form.getByLabel('API key').fill('AIza-wrong');
		await form.getByRole('button', { name: 'Add source' }).click();
		await page.getByRole('alert').filter({ hasText: /key/i }).waitFor();
		await form.getByLabel('API key').fill(GEMINI_TEST_KEY);
		await form.getByRole('button', { name: 'Add source' }).click();
		await page.getByRole('status').filter({ hasText: /Connected/ }).waitFor();
		await page.getByRole('button', { name: 'New chat' }).click();
		await pickModel(page, 'Gemini 2.5 Flash');
		await sendMessage(page, 'Straight to Gemini');
		await assistantMessages(page).filter({ hasText: 'Straight to Gemini' }).waitFor();
		const call = stack.gemini.requests.find((r) => r.path.includes(':streamGenerateContent'));
		assert.equal(call?.headers['x-goog-api-key'], GEMINI_TEST_KEY);
		await context.close();
	});
});
