// Conversation tools and moving conversations in and out: export (Markdown, JSON) caught as
// real downloads, import into a fresh browser profile and from ChatGPT's export, fork, the
// tree view, and reactions that survive a reload.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Download, Page } from 'playwright-core';
import { photo } from '../fixtures/documents.ts';
import { assistantMessages, editIntoBranch, pickModel, sendMessage, startStack, userMessages, waitIdle, type Stack } from './support/stack.ts';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

async function openChat(): Promise<Page> {
	const context = await stack.newContext();
	const page = await context.newPage();
	await page.goto('/');
	await pickModel(page, 'gpt-4o-mini');
	return page;
}

/** A conversation whose first question was edited: two branches from the root. */
async function branchedChat(): Promise<Page> {
	const page = await openChat();
	await editIntoBranch(page);
	return page;
}

async function exportAs(page: Page, format: RegExp, selected?: string[]): Promise<{ name: string; text: string }> {
	await page.getByRole('button', { name: 'Export conversation' }).click();
	const dialog = page.getByRole('dialog', { name: 'Export conversation' });
	await dialog.getByRole('radio', { name: format }).check();
	if (selected) {
		await dialog.getByRole('radio', { name: 'Selected messages' }).check();
		await dialog.getByRole('button', { name: 'Select none' }).click();
		for (const text of selected) await dialog.getByRole('checkbox', { name: new RegExp(text) }).check();
	}
	const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
	await dialog.waitFor({ state: 'hidden' });
	return { name: download.suggestedFilename(), text: await readDownload(download) };
}

async function readDownload(download: Download): Promise<string> {
	const path = await download.path();
	return readFile(path, 'utf8');
}

async function importFile(page: Page, path: string) {
	await page.goto('/settings');
	await page.getByLabel('Import file').setInputFiles(path);
	await page.getByRole('region', { name: 'Import preview' }).waitFor();
}

describe('export, import and conversation tools', () => {
	let exportedJson = '';

	it('exports the visible thread as Markdown, a selection of it, and every branch as Atrium JSON', async () => {
		const page = await branchedChat();
		const markdown = await exportAs(page, /^Markdown/);
		assert.match(markdown.name, /\.md$/);
		assert.match(markdown.text, /^# /);
		assert.match(markdown.text, /## You\n\n_\d{4}-\d\d-\d\d \d\d:\d\d UTC_\n\nBetter wording/);
		assert.match(markdown.text, /## Assistant \(openai\/gpt-4o-mini\)\n\n_[^_]+_\n\nEcho: Better wording/);
		// The title may name the first question; the other branch's messages are not there.
		assert.ok(!markdown.text.includes('Echo: Original wording'), 'Markdown holds only the visible path');
		assert.ok(!markdown.text.includes('\n\nOriginal wording'), 'Markdown holds only the visible path');

		const selection = await exportAs(page, /^Markdown/, ['Assistant']);
		assert.ok(selection.text.includes('Echo: Better wording'));
		assert.ok(!selection.text.includes('## You'), 'only the ticked message is exported');

		const json = await exportAs(page, /^Atrium JSON/);
		assert.match(json.name, /\.json$/);
		const data = JSON.parse(json.text);
		assert.equal(data.format, 'atrium.conversations');
		assert.equal(data.version, 1);
		assert.equal(data.conversations.length, 1);
		const contents = data.conversations[0].messages.map((m: { content: string }) => m.content).sort();
		assert.deepEqual(contents, ['Better wording', 'Echo: Better wording', 'Echo: Original wording', 'Original wording']);
		exportedJson = json.text;
		await page.context().close();
	});

	it('imports that JSON into a fresh browser profile with both branches, and skips it the second time', async () => {
		assert.ok(exportedJson, 'needs the export of the previous test');
		const file = { name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(exportedJson) };
		const page = await (await stack.newContext()).newPage();
		await page.goto('/settings');
		await page.getByLabel('Import file').setInputFiles(file);
		const preview = page.getByRole('region', { name: 'Import preview' });
		await preview.getByText('1 conversation, 4 messages').waitFor();
		await preview.getByText('Atrium export').waitFor();
		await preview.getByRole('button', { name: 'Import' }).click();
		await page.getByRole('status').filter({ hasText: 'Imported 1 conversation (4 messages)' }).waitFor();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all conversations' }).click()]);
		assert.match(download.suggestedFilename(), /^atrium-export-\d{4}-\d\d-\d\d\.json$/);
		const everything = JSON.parse(await readDownload(download));
		assert.deepEqual(everything.conversations, JSON.parse(exportedJson).conversations, 'the round trip is exact');
		await page.getByRole('link', { name: 'Open the first one' }).click();
		await userMessages(page).filter({ hasText: 'Better wording' }).waitFor();
		await page.getByText('2/2').waitFor();
		await page.getByRole('button', { name: 'Previous branch' }).click();
		await assistantMessages(page).filter({ hasText: 'Echo: Original wording' }).waitFor();

		await page.goto('/settings');
		await page.getByLabel('Import file').setInputFiles(file);
		await page.getByText('1 conversation already imported').waitFor();
		await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Import' }).click();
		await page.getByRole('status').filter({ hasText: 'Imported 0 conversations (0 messages); skipped 1 duplicate' }).waitFor();
		assert.equal(await page.getByTestId('conversation-list').getByRole('link').count(), 1);

		await page.context().close();
	});

	it('imports a ChatGPT export and refuses a broken file with a clear message', async () => {
		const page = await (await stack.newContext()).newPage();
		await importFile(page, resolve('tests/fixtures/imports/chatgpt-conversations.json'));
		const preview = page.getByRole('region', { name: 'Import preview' });
		await preview.getByText('ChatGPT export').waitFor();
		await preview.getByText('2 conversations, 7 messages').waitFor();
		await preview.getByRole('button', { name: 'Import' }).click();
		await page.getByRole('status').filter({ hasText: 'Imported 2 conversations' }).waitFor();
		const list = page.getByTestId('conversation-list');
		await list.getByRole('link', { name: /Sourdough starter help/ }).click();
		await assistantMessages(page).filter({ hasText: 'It should roughly double' }).waitFor();
		await page.getByText('1/2').waitFor();

		await page.goto('/settings');
		await page.getByLabel('Import file').setInputFiles(resolve('tests/fixtures/imports/chatgpt-missing-children.json'));
		await page.getByRole('alert').filter({ hasText: '[0].mapping.u.children: missing (expected array)' }).waitFor();
		assert.equal(await list.getByRole('link').count(), 2, 'a refused file stores nothing');
		await page.context().close();
	});

	it('forks from a message into a new conversation holding the path up to it', async () => {
		const page = await openChat();
		await sendMessage(page, 'Fork question one');
		await assistantMessages(page).filter({ hasText: 'Echo: Fork question one' }).waitFor();
		await waitIdle(page);
		await sendMessage(page, 'Fork question two');
		await assistantMessages(page).filter({ hasText: 'Echo: Fork question two' }).waitFor();
		await waitIdle(page);
		const original = page.url();
		await assistantMessages(page).filter({ hasText: 'Echo: Fork question one' }).getByRole('button', { name: 'Fork from here' }).click();
		await page.waitForURL((url) => url.href !== original && url.pathname.startsWith('/c/'));
		await page.getByRole('button', { name: /^Rename conversation: .*\(fork\)$/ }).waitFor();
		await assistantMessages(page).filter({ hasText: 'Echo: Fork question one' }).waitFor();
		assert.equal(await userMessages(page).count(), 1);
		assert.equal(await page.getByText('Fork question two').count(), 0);
		await page.goto(original);
		await assistantMessages(page).filter({ hasText: 'Echo: Fork question two' }).waitFor();
		await page.context().close();
	});

	it('switches the visible thread from the tree view, by click and by keyboard, and remembers it', async () => {
		const page = await branchedChat();
		await page.getByRole('button', { name: 'Tree view' }).click();
		const tree = page.getByRole('tree', { name: 'Branches' });
		// The tree view loads when first opened.
		await tree.getByRole('treeitem').first().waitFor();
		assert.equal(await tree.getByRole('treeitem').count(), 4);
		await tree.getByRole('treeitem', { name: /Echo: Original wording/ }).click();
		await assistantMessages(page).filter({ hasText: 'Echo: Original wording' }).waitFor();
		assert.equal(await userMessages(page).filter({ hasText: 'Better wording' }).count(), 0);
		await page.reload();
		await assistantMessages(page).filter({ hasText: 'Echo: Original wording' }).waitFor();

		await page.getByRole('button', { name: 'Tree view' }).click();
		const current = tree.getByRole('treeitem', { selected: true });
		await current.focus();
		await page.keyboard.press('End');
		await page.keyboard.press('Enter');
		await assistantMessages(page).filter({ hasText: 'Echo: Better wording' }).waitFor();
		await page.keyboard.press('Escape');
		await tree.waitFor({ state: 'detached' });
		await page.context().close();
	});

	it('keeps 👍/👎 on a reply across a reload', async () => {
		const page = await openChat();
		await sendMessage(page, 'Rate this');
		const reply = assistantMessages(page).filter({ hasText: 'Echo: Rate this' });
		await reply.waitFor();
		await waitIdle(page);
		const good = reply.getByRole('button', { name: 'Good response' });
		const bad = reply.getByRole('button', { name: 'Bad response' });
		assert.equal(await good.getAttribute('aria-pressed'), 'false');
		await good.click();
		await reply.getByRole('button', { name: 'Good response', pressed: true }).waitFor();
		await page.reload();
		await reply.getByRole('button', { name: 'Good response', pressed: true }).waitFor();
		await bad.click();
		await reply.getByRole('button', { name: 'Bad response', pressed: true }).waitFor();
		assert.equal(await good.getAttribute('aria-pressed'), 'false');
		await page.reload();
		await reply.getByRole('button', { name: 'Bad response', pressed: true }).waitFor();
		assert.equal(await userMessages(page).getByRole('button', { name: 'Good response' }).count(), 0);
		await page.context().close();
	});

	it('starts a chat from a built-in template and from one made in Settings', async () => {
		const page = await openChat();
		await page.getByRole('button', { name: 'Code review' }).click();
		const box = page.getByRole('textbox', { name: 'Message' });
		assert.equal(await box.inputValue(), 'Please review this code:\n\n```\n\n```');
		await page.getByRole('button', { name: 'System prompt (set)' }).waitFor();
		await box.fill('Please review: let x = 1');
		await box.press('Enter');
		await assistantMessages(page).filter({ hasText: 'Echo: Please review: let x = 1' }).waitFor();
		// The chat request itself, not the title request that quotes the same text.
		const request = stack.openai.requests.findLast((r) =>
			(r.body as { messages?: { content: string }[] } | undefined)?.messages?.some((m) => m.content === 'Please review: let x = 1')
		);
		const messages = (request?.body as { messages: { role: string; content: string }[] }).messages;
		assert.equal(messages[0]?.role, 'system');
		assert.match(messages[0]?.content ?? '', /senior engineer reviewing code/);
		await waitIdle(page);

		await page.goto('/settings');
		const form = page.getByRole('region', { name: 'Templates' });
		await form.getByRole('textbox', { name: 'Name' }).fill('Haiku');
		await form.getByRole('textbox', { name: 'System prompt' }).fill('Answer only in haiku.');
		await form.getByRole('textbox', { name: 'Opening message' }).fill('A haiku about ');
		await form.getByRole('button', { name: 'Add template' }).click();
		await form.getByRole('button', { name: 'Delete template Haiku' }).waitFor();
		await page.goto('/');
		await page.getByRole('button', { name: 'Haiku' }).click();
		assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), 'A haiku about ');
		await page.context().close();
	});

	it('keeps the tree view usable with a few hundred messages and many branches', async () => {
		const page = await openChat();
		const id = await page.evaluate(async () => {
			const db = await new Promise<IDBDatabase>((done, fail) => {
				const open = indexedDB.open('atrium');
				open.onsuccess = () => done(open.result);
				open.onerror = () => fail(open.error);
			});
			const tx = db.transaction(['conversations', 'messages'], 'readwrite');
			const conversationId = crypto.randomUUID();
			const now = Date.now();
			let parentId: string | null = null;
			let count = 0;
			const put = (messageId: string, parent: string | null, role: string, content: string) => {
				count += 1;
				tx.objectStore('messages').put({ id: messageId, conversationId, parentId: parent, role, content, status: 'complete', createdAt: now + count, updatedAt: now + count });
			};
			// A 300-message thread; every 10th reply also has a regenerated sibling with a reply under it.
			for (let i = 0; i < 300; i++) {
				const messageId = `n${i}`;
				put(messageId, parentId, i % 2 ? 'assistant' : 'user', `turn ${i}`);
				if (i % 20 === 1) {
					put(`alt${i}`, parentId, 'assistant', `alternative ${i}`);
					put(`alt${i}-q`, `alt${i}`, 'user', `follow-up on alternative ${i}`);
				}
				parentId = messageId;
			}
			tx.objectStore('conversations').put({
				id: conversationId, title: 'Big tree', titleSource: 'user', systemPrompt: '', model: null,
				currentLeafId: parentId, messageCount: count, createdAt: now, updatedAt: now
			});
			await new Promise((done) => (tx.oncomplete = done));
			return conversationId;
		});
		await page.goto(`/c/${id}`);
		await assistantMessages(page).filter({ hasText: 'turn 299' }).waitFor();
		const started = Date.now();
		await page.getByRole('button', { name: 'Tree view' }).click();
		const tree = page.getByRole('tree', { name: 'Branches' });
		await tree.getByRole('treeitem', { name: 'You: follow-up on alternative 141' }).click();
		await userMessages(page).filter({ hasText: 'follow-up on alternative 141' }).waitFor();
		const elapsed = Date.now() - started;
		assert.equal(await tree.getByRole('treeitem').count(), 330);
		assert.ok(elapsed < 5000, `opening the tree and switching took ${elapsed} ms`);
		await page.reload();
		await userMessages(page).filter({ hasText: 'follow-up on alternative 141' }).waitFor();
		await page.context().close();
	});

	it('exports with images (JSON, Markdown, PDF) or without, and the image comes back through import', async () => {
		const page = await openChat();
		const picture = await photo(page, 640, 480, 'image/png', 3);
		await page.locator('[data-testid="attach-input"]').setInputFiles([{ name: 'tiles.png', mimeType: 'image/png', buffer: picture }]);
		await page.getByRole('list', { name: 'Attachments' }).locator('li', { hasText: 'tiles.png' }).and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
		await sendMessage(page, 'Here is the tiling');
		await assistantMessages(page).filter({ hasText: 'Echo: Here is the tiling' }).waitFor({ timeout: 60_000 });
		await waitIdle(page);

		const json = await exportAs(page, /Atrium JSON/);
		const data = JSON.parse(json.text) as { blobs?: Record<string, { mimeType: string; base64: string }>; conversations: { messages: { attachments?: { sha256?: string }[] }[] }[] };
		const sha = data.conversations[0]?.messages.find((m) => m.attachments)?.attachments?.[0]?.sha256 ?? '';
		assert.equal(data.blobs?.[sha]?.mimeType, 'image/webp');
		assert.match(data.blobs?.[sha]?.base64 ?? '', /^UklGR/);
		assert.match((await exportAs(page, /Markdown/)).text, /!\[tiles\.png\]\(data:image\/webp;base64,UklGR/);
		assert.match((await exportAs(page, /PDF/)).text, /\/Subtype \/Image/);

		const withoutImages = await (async () => {
			await page.getByRole('button', { name: 'Export conversation' }).click();
			const dialog = page.getByRole('dialog', { name: 'Export conversation' });
			await dialog.getByRole('radio', { name: /Atrium JSON/ }).check();
			await dialog.getByRole('checkbox', { name: /Include images/ }).uncheck();
			const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
			return JSON.parse(await readDownload(download)) as { blobs?: unknown };
		})();
		assert.equal(withoutImages.blobs, undefined);
		await page.context().close();

		const other = await (await stack.newContext()).newPage();
		await other.goto('/settings');
		await other.getByLabel('Import file').setInputFiles({ name: 'with-images.json', mimeType: 'application/json', buffer: Buffer.from(json.text) });
		const preview = other.getByRole('region', { name: 'Import preview' });
		await preview.getByText('1 conversation, 2 messages').waitFor();
		await preview.getByRole('button', { name: 'Import' }).click();
		await other.getByRole('link', { name: 'Open the first one' }).click();
		const open = userMessages(other).first().getByRole('button', { name: 'Open image tiles.png' });
		await open.locator('img').waitFor();
		await open.click();
		const full = other.getByTestId('full-image');
		await full.waitFor();
		const size = await full.evaluate(async (img: HTMLImageElement) => {
			await img.decode();
			return { width: img.naturalWidth, height: img.naturalHeight };
		});
		assert.deepEqual(size, { width: 640, height: 480 });
		await other.context().close();
	});
});
