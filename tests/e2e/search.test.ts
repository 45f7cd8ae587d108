// Search in Chromium: conversations made through the UI are found by the worker's index,
// results are highlighted (and escaped), filters narrow them, and opening a result lands
// on the message, even when it sits on a branch that is not the visible one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assistantMessages, openChat, pickModel, sendMessage, startStack, userMessages, type Stack } from './support/stack.ts';
import { seedConversation } from './support/seed.ts';

let stack: Stack;
let page: Page;
let dialogs = 0;

async function waitIdle() {
	await page.getByRole('button', { name: 'Send' }).waitFor();
}

async function newChat(model: string, text: string) {
	await page.getByRole('button', { name: 'New chat' }).click();
	await pickModel(page, model);
	await sendMessage(page, text);
	await assistantMessages(page).filter({ hasText: `Echo: ${text}` }).waitFor();
	await waitIdle();
}

const results = () => page.getByTestId('search-results').locator('a[data-hit-index]');

/** Opens search with the "/" shortcut from wherever the page is, and types `query`. */
async function search(query: string) {
	await page.locator('body').click({ position: { x: 1, y: 1 } });
	await page.keyboard.press('/');
	await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Search');
	await page.getByRole('searchbox', { name: 'Search' }).fill(query);
	// Results (or their absence) for this query, not the previous one.
	await page.waitForFunction((q) => document.querySelector('[data-searched]')?.getAttribute('data-searched') === q, query);
}

before(async () => {
	stack = await startStack();
	page = await openChat(stack);
	page.on('dialog', (dialog) => {
		dialogs += 1;
		void dialog.dismiss();
	});
	// A: two branches; the first question ends up off the visible path.
	await sendMessage(page, 'Planning the kumquat harvest with Bartholomew');
	await assistantMessages(page).filter({ hasText: 'Echo: Planning the kumquat harvest' }).waitFor();
	await waitIdle();
	await userMessages(page).first().getByRole('button', { name: 'Edit' }).click();
	const edit = page.getByRole('textbox', { name: 'Edit message' });
	await edit.fill('Kumquat marmalade with cardamom');
	await edit.press('Enter');
	await assistantMessages(page).filter({ hasText: 'Echo: Kumquat marmalade with cardamom' }).waitFor();
	await waitIdle();
	// B: another model.
	await newChat('Gemini 2.5 Flash', 'Weekend hiking near the kumquat grove');
	// C: text that must come back escaped.
	await newChat('gpt-4o-mini', 'The xylophonist wrote <img src=x onerror=alert(1)> in the notes');
});

after(async () => {
	await page?.context().close();
	await stack?.close();
});

describe('search', () => {
	it('finds every conversation that mentions a word, highlighted, with its title', async () => {
		await search('kumquat');
		await page.waitForURL(`${stack.url}/search`);
		await results().filter({ hasText: 'Weekend hiking near the' }).first().waitFor();
		await results().filter({ hasText: 'Kumquat marmalade' }).first().waitFor();
		await results().filter({ hasText: 'Planning the' }).first().waitFor();
		const marks = await page.getByTestId('search-results').locator('mark').allTextContents();
		assert.ok(marks.length > 0 && marks.every((m) => m.toLowerCase() === 'kumquat'), `marks: ${marks.join(', ')}`);
		assert.equal(await results().filter({ hasText: 'xylophonist' }).count(), 0, 'nothing that lacks the word');
		await page.getByRole('status').filter({ hasText: /\d+ results/ }).waitFor();
		const titles = await results().locator('.title').allTextContents();
		assert.ok(titles.some((t) => t.includes('Chat about')), `titles: ${titles.join(' | ')}`);
	});

	it('filters by model', async () => {
		await search('kumquat');
		await results().filter({ hasText: 'Kumquat marmalade' }).first().waitFor();
		const model = page.getByRole('combobox', { name: 'Model' });
		const gemini = model.locator('option', { hasText: 'Gemini 2.5 Flash' });
		await gemini.waitFor({ state: 'attached' });
		await model.selectOption((await gemini.getAttribute('value')) ?? '');
		await page.waitForFunction(() => !document.querySelector('[data-testid="search-results"]')?.textContent?.includes('marmalade'));
		const texts = await results().allTextContents();
		assert.ok(texts.length > 0, 'the Gemini conversation is still found');
		assert.ok(texts.every((t) => t.includes('hiking')), `only the Gemini conversation: ${texts.join(' | ')}`);
		await page.getByRole('button', { name: 'Clear filters' }).first().click();
		await results().filter({ hasText: 'Kumquat marmalade' }).first().waitFor();
	});

	it('opens a result on a branch that is not visible and lands on the message', async () => {
		await search('harvest');
		const hit = results().filter({ hasText: 'Planning the kumquat' }).and(page.locator('[data-kind="message"]')).first();
		const index = Number(await hit.getAttribute('data-hit-index'));
		// Down from the box into the list, then to that hit; Enter opens it.
		for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
		const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
		assert.match(focused, /Planning the kumquat harvest/);
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/c\/[^?]+\?m=/);
		const landed = page.locator('[data-focused]');
		await landed.filter({ hasText: 'Planning the kumquat harvest' }).waitFor();
		assert.ok(await landed.isVisible(), 'the message is scrolled into view');
		// The old branch is the visible one now: its reply shows, the edited one does not.
		await assistantMessages(page).filter({ hasText: 'Echo: Planning the kumquat harvest' }).waitFor();
		assert.equal(await assistantMessages(page).filter({ hasText: 'marmalade' }).count(), 0);
		await page.getByLabel('Branch 1 of 2').waitFor();
	});

	it('shows message text escaped, never as markup', async () => {
		await search('xylophonist');
		const hit = results().filter({ hasText: 'The xylophonist wrote <img src=x onerror=alert(1)> in the notes' }).first();
		await hit.waitFor();
		assert.equal(await page.getByTestId('search-results').locator('img').count(), 0);
		assert.equal(await hit.locator('mark').first().textContent(), 'xylophonist');
		assert.equal(dialogs, 0);
	});

	it('finds messages written while it was not running, and scrolls a long thread to the one opened', async () => {
		// Written straight to IndexedDB, as another tab or an import might while no search runs.
		const id = await seedConversation(page, { count: 3_000, title: 'Long thread', contentAt: { 1234: 'A quokka smiled at number 1234' } });
		await page.goto('/search?q=quokka');
		const hit = results().filter({ hasText: 'A quokka smiled at number 1234' });
		await hit.waitFor();
		await hit.click();
		await page.waitForURL(`${stack.url}/c/${id}?m=${id}-1234`);
		const landed = page.locator('[data-focused]').filter({ hasText: 'A quokka smiled' });
		await landed.waitFor();
		await page.waitForFunction(() => {
			const box = document.querySelector('[data-focused]')?.getBoundingClientRect();
			return !!box && box.top >= 0 && box.bottom <= window.innerHeight;
		});
		assert.ok((await page.locator('article[data-role]').count()) < 100, 'the thread stays virtualized');
	});

	it('says so when nothing matches, and Ctrl+K comes back from a conversation', async () => {
		await search('zzqqxxnothing');
		await page.getByTestId('no-results').filter({ hasText: 'No results for “zzqqxxnothing”' }).waitFor();
		await results().first().waitFor({ state: 'detached' });

		await page.getByRole('button', { name: 'New chat' }).click();
		await page.getByRole('textbox', { name: 'Message' }).click();
		await page.keyboard.press('Control+k');
		await page.waitForURL(`${stack.url}/search`);
		const box = page.getByRole('searchbox', { name: 'Search' });
		await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Search');
		assert.equal(await box.inputValue(), 'zzqqxxnothing', 'the last search is kept for the tab');
	});
});
