// Search in the built app, in headless Chromium, over 100,000 generated messages stored
// in IndexedDB: how long until search is ready when the worker rebuilds its index and when
// it restores the stored one, how much the page's main thread is blocked meanwhile (long
// tasks), and the latency a user sees from typing to results (the 120 ms debounce
// included). `node bench/searchBrowser.ts` prints JSON.
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { startStack } from '../tests/e2e/support/stack.ts';
import { generateCorpus } from './searchCorpus.ts';

const MESSAGES = Number(process.env.SEARCH_BENCH_MESSAGES ?? 100_000);
const CHUNK = 5_000;
const UI_QUERIES = 40;

const round = (value: number, digits = 0): number => Number(value.toFixed(digits));
const percentile = (sorted: readonly number[], p: number): number =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Runs in the page: appends rows to the app's database with plain IndexedDB. */
function writeRows([store, rows]: [string, unknown[]]): Promise<void> {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open('atrium');
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const tx = open.result.transaction(store, 'readwrite');
			for (const row of rows) tx.objectStore(store).put(row);
			tx.oncomplete = () => {
				open.result.close();
				resolve();
			};
			tx.onerror = () => reject(tx.error);
		};
	});
}

/** Runs in the page before the app: records main-thread long tasks. */
function watchLongTasks() {
	const tasks: number[] = [];
	(window as unknown as { __longTasks: number[] }).__longTasks = tasks;
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) tasks.push(entry.duration);
	}).observe({ type: 'longtask', buffered: true });
}

interface Startup {
	readyMs: number;
	longestTaskMs: number;
	blockingMs: number;
}

/** Opens search in a fresh tab and waits until the index is ready and has answered. */
async function openSearch(context: BrowserContext): Promise<{ page: Page; startup: Startup }> {
	const page = await context.newPage();
	await page.addInitScript(watchLongTasks);
	await page.goto('/search?q=kumquat');
	await page.waitForFunction(
		() => document.querySelector('[data-index-state="ready"][data-searched="kumquat"]'),
		null,
		{ timeout: 600_000, polling: 50 }
	);
	const startup = await page.evaluate(() => {
		const tasks = (window as unknown as { __longTasks: number[] }).__longTasks;
		return {
			readyMs: performance.now(),
			longestTaskMs: Math.max(0, ...tasks),
			blockingMs: tasks.reduce((sum, t) => sum + Math.max(0, t - 50), 0)
		};
	});
	return { page, startup };
}

export default async function bench(): Promise<Record<string, number>> {
	const corpus = generateCorpus(MESSAGES);
	const stack = await startStack({ withoutServerKeys: true });
	try {
		const context = await stack.newContext();
		// The app creates its database; the rows go in from a page without the app, so no
		// search worker is running while they are written.
		const seed = await context.newPage();
		await seed.goto('/');
		await seed.getByRole('textbox', { name: 'Message' }).waitFor();
		await seed.goto('/api/health');
		const last = new Map<string, string>();
		for (const m of corpus.messages) last.set(m.conversationId, m.id);
		const conversations = corpus.conversations.map((c) => ({
			id: c.id, title: c.title, titleSource: 'user', systemPrompt: '', model: c.model,
			currentLeafId: last.get(c.id) ?? null, messageCount: 0, createdAt: c.updatedAt, updatedAt: c.updatedAt
		}));
		await seed.evaluate(writeRows, ['conversations', conversations] as [string, unknown[]]);
		for (let i = 0; i < corpus.messages.length; i += CHUNK) {
			await seed.evaluate(writeRows, ['messages', corpus.messages.slice(i, i + CHUNK)] as [string, unknown[]]);
		}
		await seed.evaluate(() => new Promise((resolve) => (indexedDB.deleteDatabase('atrium-search').onsuccess = resolve)));
		await seed.close();

		const rebuild = await openSearch(context);
		// The rebuilt index is written back right after it is ready; wait for it.
		await rebuild.page.waitForFunction(
			() =>
				new Promise((resolve) => {
					const open = indexedDB.open('atrium-search');
					open.onsuccess = () => {
						const db = open.result;
						if (!db.objectStoreNames.contains('snapshots')) return resolve(false);
						const count = db.transaction('snapshots').objectStore('snapshots').count();
						count.onsuccess = () => resolve(count.result > 0);
					};
					open.onerror = () => resolve(false);
				}),
			null,
			{ timeout: 600_000, polling: 500 }
		);
		await rebuild.page.close();

		const restore = await openSearch(context);
		const box = restore.page.getByRole('searchbox', { name: 'Search' });
		const typed: number[] = [];
		for (const query of corpus.queries.filter((q) => !q.includes('"')).slice(0, UI_QUERIES)) {
			const started = performance.now();
			await box.fill(query);
			await restore.page.waitForFunction((q) => document.querySelector(`[data-searched]`)?.getAttribute('data-searched') === q, query, {
				polling: 'raf'
			});
			typed.push(performance.now() - started);
		}
		typed.sort((a, b) => a - b);
		return {
			messages: corpus.messages.length,
			rebuildReadyMs: round(rebuild.startup.readyMs),
			rebuildLongestMainThreadTaskMs: round(rebuild.startup.longestTaskMs),
			rebuildMainThreadBlockingMs: round(rebuild.startup.blockingMs),
			restoreReadyMs: round(restore.startup.readyMs),
			restoreLongestMainThreadTaskMs: round(restore.startup.longestTaskMs),
			restoreMainThreadBlockingMs: round(restore.startup.blockingMs),
			typingToResultsP50Ms: round(percentile(typed, 50)),
			typingToResultsP95Ms: round(percentile(typed, 95))
		};
	} finally {
		await stack.close();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	console.log(JSON.stringify(await bench(), null, 2));
}
