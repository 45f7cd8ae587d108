// Search by meaning in Chromium with a real (tiny) embedding model: without a model the page
// says why and word search still works; filters by attached file kind and by tag narrow
// results; turning the model on in Settings downloads it with visible progress from a model
// host (tests/fixtures/tinyModels.ts), after which a query finds a message that shares no word
// with it but a synonym, and not an unrelated one; the Related panel lists the similar
// conversation. onnxruntime's WebAssembly comes from the app itself, never a CDN.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startTinyModelServer, TINY_EMBEDDING_MODEL, type TinyModelServer } from '../fixtures/tinyModels.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let models: TinyModelServer;
let page: Page;
const foreign: string[] = [];
const ids: Record<string, string> = {};

interface SeedMessage {
	text: string;
	file?: 'pdf' | 'image';
}

type Row = { store: 'conversations' | 'messages' | 'documentChunks'; value: Record<string, unknown> };

/**
 * Writes rows straight into the app's IndexedDB, as another tab or an import would. Waits
 * until the app has created its stores; never creates the database itself (an open that
 * would is aborted and tried again).
 */
function put(rows: Row[]): Promise<void> {
	return page.evaluate(async (rows) => {
		const stores = [...new Set(rows.map((row) => row.store))];
		for (let attempt = 0; ; attempt++) {
			const db = await new Promise<IDBDatabase | null>((resolve) => {
				const open = indexedDB.open('atrium');
				open.onupgradeneeded = () => open.transaction?.abort();
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => resolve(null);
			});
			if (db && stores.every((store) => db.objectStoreNames.contains(store))) {
				const tx = db.transaction(stores, 'readwrite');
				for (const row of rows) tx.objectStore(row.store).put(row.value);
				await new Promise((resolve, reject) => {
					tx.oncomplete = resolve;
					tx.onerror = () => reject(tx.error);
				});
				db.close();
				return;
			}
			db?.close();
			if (attempt > 60) throw new Error(`The app's database has no ${stores.join(', ')} store`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}, rows);
}

/** A conversation of alternating user/assistant messages; returns its id. */
async function seed(title: string, messages: SeedMessage[]): Promise<string> {
	const conversationId = crypto.randomUUID();
	const now = Date.now();
	const rows: Row[] = messages.map((message, i) => ({
		store: 'messages',
		value: {
			id: `${conversationId}-${i}`,
			conversationId,
			parentId: i === 0 ? null : `${conversationId}-${i - 1}`,
			role: i % 2 ? 'assistant' : 'user',
			content: message.text,
			status: 'complete',
			createdAt: now + i,
			updatedAt: now + i,
			attachments: message.file
				? [{ id: `${conversationId}-${i}-f`, kind: message.file, name: `file.${message.file}`, mimeType: message.file === 'pdf' ? 'application/pdf' : 'image/webp', size: 10, sha256: 'x' }]
				: undefined
		}
	}));
	rows.push({
		store: 'conversations',
		value: { id: conversationId, title, titleSource: 'user', systemPrompt: '', model: null, currentLeafId: `${conversationId}-${messages.length - 1}`, messageCount: messages.length, createdAt: now, updatedAt: now }
	});
	await put(rows);
	return conversationId;
}

/** Document passages of a conversation, as reading a PDF would have stored them. */
function seedChunks(conversationId: string, pages: Record<number, string>): Promise<void> {
	return put(
		Object.entries(pages).map(([pageNumber, text], index) => ({
			store: 'documentChunks',
			value: { id: `${conversationId}-chunk-${pageNumber}`, conversationId, attachmentId: `${conversationId}-file`, fileName: 'manual.pdf', page: Number(pageNumber), index, text }
		}))
	);
}

const results = () => page.getByTestId('search-results').locator('a[data-hit-index]');

async function search(query: string) {
	if (!page.url().endsWith('/search') && !page.url().includes('/search?')) await page.goto('/search');
	await page.getByRole('searchbox', { name: 'Search' }).fill(query);
	await page.waitForFunction((q) => document.querySelector('[data-searched]')?.getAttribute('data-searched') === q, query);
}

before(async () => {
	stack = await startStack();
	// Slow enough that the download's progress shows.
	models = await startTinyModelServer({ pieces: 10, pieceDelayMs: 150 });
	const context = await stack.newContext();
	page = await context.newPage();
	page.on('request', (request) => {
		const url = request.url();
		if (!url.startsWith(stack.url) && !url.startsWith(models.url) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
	});
	await page.goto('/');
	ids.garage = await seed('Garage visit', [
		{ text: 'My automobile makes a strange noise and the mechanic says it is broken', file: 'pdf' },
		{ text: 'Take the automobile back to the mechanic' }
	]);
	ids.sedan = await seed('Sedan troubles', [{ text: 'The sedan needs a mechanic again' }, { text: 'A mechanic can look at the sedan' }]);
	ids.piano = await seed('Piano lessons', [{ text: 'A cheerful melody on the piano', file: 'image' }, { text: 'Practice the melody daily on the piano' }]);
});

after(async () => {
	await page?.context().close();
	await stack?.close();
	await models?.close();
});

describe('search by meaning', () => {
	it('without a model says why, keeps the choices off, and word search still works', async () => {
		await search('automobile');
		await results().filter({ hasText: 'My automobile makes a strange noise' }).waitFor();
		await page.getByTestId('semantic-status').filter({ hasText: 'no embedding model is set up' }).waitFor();
		assert.equal(await page.getByRole('radio', { name: 'Meaning', exact: true }).isDisabled(), true);
		assert.equal(await page.getByRole('radio', { name: 'Words', exact: true }).isChecked(), true);
		await search('car repair');
		await page.getByTestId('no-results').waitFor();
	});

	it('filters by attached file kind and by tag', async () => {
		await search('mechanic');
		await results().filter({ hasText: 'The sedan needs a mechanic' }).waitFor();
		await page.getByRole('combobox', { name: 'Files' }).selectOption('pdf');
		await page.waitForFunction(() => !document.querySelector('[data-testid="search-results"]')?.textContent?.includes('sedan'));
		const withPdf = await results().allTextContents();
		assert.ok(withPdf.length > 0 && withPdf.every((t) => t.includes('strange noise')), `only the message with a PDF: ${withPdf.join(' | ')}`);
		await page.getByRole('button', { name: 'Clear filters' }).first().click();

		// Automatic tags come a moment after indexing; searching again picks them up.
		const tag = page.getByRole('combobox', { name: 'Tag' });
		for (let i = 0; i < 20 && (await tag.locator('option[value="sedan"]').count()) === 0; i++) {
			await page.waitForTimeout(500);
			await search(i % 2 ? 'mechanic' : 'mechanic sedan');
		}
		await search('mechanic');
		await tag.selectOption('sedan');
		await page.waitForFunction(() => !document.querySelector('[data-testid="search-results"]')?.textContent?.includes('automobile'));
		const tagged = await results().allTextContents();
		assert.ok(tagged.length > 0 && tagged.every((t) => t.includes('sedan')), `only the sedan conversation: ${tagged.join(' | ')}`);
		await page.getByRole('button', { name: 'Clear filters' }).first().click();
	});

	it('shows related conversations by shared words while there is no model', async () => {
		await page.goto(`/c/${ids.garage}`);
		await page.getByRole('button', { name: 'Related' }).click();
		const panel = page.getByTestId('related');
		await panel.getByTestId('related-how').filter({ hasText: 'By shared words' }).waitFor();
		await panel.getByRole('link', { name: 'Sedan troubles' }).waitFor();
		await panel.getByTestId('conversation-tags').filter({ hasText: '#automobile' }).waitFor();
	});

	it('stays open when a related conversation is opened from it, showing the list and tags of the one now open', async () => {
		const panel = page.getByTestId('related');
		await panel.getByRole('link', { name: 'Sedan troubles' }).click();
		await page.waitForURL(`**/c/${ids.sedan}`);
		await page.getByRole('button', { name: 'Rename conversation: Sedan troubles' }).waitFor();
		await panel.getByTestId('conversation-tags').filter({ hasText: '#sedan' }).waitFor();
		await panel.getByRole('link', { name: 'Garage visit' }).waitFor();
		assert.equal(await panel.getByRole('link', { name: 'Sedan troubles' }).count(), 0, 'the open conversation is not related to itself');
		assert.doesNotMatch(await panel.getByTestId('conversation-tags').innerText(), /#automobile/, "the first conversation's tags are gone");
		assert.equal(await page.getByRole('button', { name: 'Related', exact: true }).getAttribute('aria-pressed'), 'true');

		// A new chat starts without the panel, and so does the conversation opened after it.
		await page.getByRole('button', { name: 'New chat' }).first().click();
		await page.waitForURL((url) => url.pathname === '/');
		await page.getByRole('heading', { name: 'What are we working on?' }).waitFor();
		await page.getByRole('link', { name: 'Garage visit' }).first().click();
		await page.getByRole('button', { name: 'Rename conversation: Garage visit' }).waitFor();
		assert.equal(await page.getByRole('button', { name: 'Related', exact: true }).getAttribute('aria-pressed'), 'false');
		assert.equal(await panel.count(), 0);
	});

	it('keeps the on-device model fields disabled until the stored settings are read, so nothing typed is lost', async () => {
		// Another tab holds the settings store in a write transaction: this page's read waits.
		const other = await page.context().newPage();
		await other.goto('/settings');
		await other.evaluate(
			() =>
				new Promise<void>((held, failed) => {
					const open = indexedDB.open('atrium');
					open.onerror = () => failed(open.error);
					open.onsuccess = () => {
						const store = open.result.transaction('settings', 'readwrite').objectStore('settings');
						const state = window as unknown as { release?: boolean };
						const spin = () => {
							if (!state.release) store.get('held').onsuccess = spin;
						};
						spin();
						held();
					};
				})
		);
		await page.goto('/settings');
		const host = page.getByRole('textbox', { name: 'Model host' });
		await host.waitFor();
		await page.waitForTimeout(500);
		assert.ok(await host.isDisabled(), 'the host field could be typed into before the settings were read');

		await other.evaluate(() => ((window as unknown as { release?: boolean }).release = true));
		await page.waitForFunction(() => !document.querySelector<HTMLInputElement>('input[name="host"]')?.disabled);
		await host.fill('https://typed.example');
		await page.waitForTimeout(300);
		assert.equal(await host.inputValue(), 'https://typed.example');
		await other.close();
	});

	it('downloads the model from Settings with progress, then finds by meaning and relates by meaning', async () => {
		await page.goto('/settings');
		await page.getByRole('textbox', { name: 'Model host' }).fill('ftp://nowhere');
		await page.getByRole('button', { name: 'Save on-device model settings' }).click();
		await page.getByText('The model host must start with http:// or https://').waitFor();
		await page.getByRole('textbox', { name: 'Model host' }).fill(models.url);
		await page.getByRole('textbox', { name: 'Embedding model' }).fill(TINY_EMBEDDING_MODEL);
		await page.getByRole('checkbox', { name: /Search by meaning/ }).check();
		await page.getByRole('button', { name: 'Save on-device model settings' }).click();
		await page.getByRole('progressbar', { name: 'Embedding model download' }).waitFor({ timeout: 30_000 });
		await page.getByTestId('model-status').filter({ hasText: `${TINY_EMBEDDING_MODEL} is ready: 6 messages` }).waitFor({ timeout: 60_000 });

		await search('car repair');
		await page.getByRole('radio', { name: 'Meaning', exact: true }).check();
		await results().filter({ hasText: 'My automobile makes a strange noise' }).waitFor();
		const texts = await results().allTextContents();
		assert.ok(texts.some((t) => t.includes('The sedan needs a mechanic')), `the sedan too: ${texts.join(' | ')}`);
		assert.ok(texts.every((t) => !t.includes('piano')), `nothing about the piano: ${texts.join(' | ')}`);
		assert.ok(texts.every((t) => t.includes('Similar meaning')), 'marked as found by meaning');

		await page.getByRole('radio', { name: 'Words and meaning' }).check();
		await search('automobile');
		await results().filter({ hasText: 'The sedan needs a mechanic' }).waitFor();

		await page.goto(`/c/${ids.garage}`);
		await page.getByRole('button', { name: 'Related' }).click();
		const panel = page.getByTestId('related');
		await panel.getByTestId('related-how').filter({ hasText: 'By meaning' }).waitFor();
		await panel.getByRole('link', { name: 'Sedan troubles' }).waitFor();
		assert.equal(await panel.getByRole('link', { name: 'Piano lessons' }).count(), 0);
	});

	it('puts a document passage close in meaning into the question, cited, though BM25 finds no word of it', async () => {
		const manual = await seed('Owner manual', [{ text: 'Questions about the owner manual' }, { text: 'Ask away' }]);
		await seedChunks(manual, { 3: 'The automobile warranty lasts five years', 5: 'Tulips need soil and flowers need water' });
		// A fresh load embeds what was written behind the app's back; then open it in-app.
		await search('owner manual');
		await page.waitForFunction(() => document.querySelector('[data-semantic]')?.getAttribute('data-semantic') === 'ready');
		await page.getByRole('radio', { name: 'Words', exact: true }).check();
		await results().filter({ hasText: 'Questions about the owner manual' }).first().click();
		await page.waitForURL(/\/c\//);
		await page.getByRole('combobox', { name: 'Model' }).locator('option', { hasText: 'gpt-4o-mini' }).first().waitFor({ state: 'attached' });
		const value = await page.getByRole('combobox', { name: 'Model' }).locator('option', { hasText: 'gpt-4o-mini' }).first().getAttribute('value');
		await page.getByRole('combobox', { name: 'Model' }).selectOption(value ?? '');
		await page.getByRole('textbox', { name: 'Message' }).fill('car guarantee');
		await page.getByRole('textbox', { name: 'Message' }).press('Enter');
		const reply = page.locator('article[data-role="assistant"]').filter({ hasText: 'The automobile warranty lasts five years' });
		await reply.waitFor({ timeout: 30_000 });
		assert.equal(await reply.filter({ hasText: 'Tulips' }).count(), 0, 'the unrelated page is left out');
		await page.getByText('manual.pdf, p. 3').first().waitFor();
		assert.deepEqual(foreign, [], 'nothing is fetched from another origin (no CDN)');
	});
});
