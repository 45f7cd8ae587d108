// Initial JavaScript per page: every script the built app fetches from its own origin
// until the network is quiet after load (nothing clicked), summed as gzip sizes of the
// built files, with the biggest chunks named. Budget: 120 KB gzip per page (issue 5), on
// the home page and on a chat page (a 500-message conversation); `budgetMisses` names
// every page over it ('none' when all fit). Also: what the service worker precaches on a
// first visit (decision 0022: the app shell only). `node bench/run.ts bundle` prints JSON.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { seedConversation } from '../tests/e2e/support/seed.ts';
import { startStack } from '../tests/e2e/support/stack.ts';

const CLIENT_DIR = '.svelte-kit/output/client';
export const INITIAL_JS_BUDGET_KB = 120;

export interface PageScripts {
	/** Scripts the page itself runs: what the budget is about. */
	gzipKb: number;
	files: number;
	biggest: string;
	/** Web Worker scripts fetched meanwhile: off the main thread, reported apart. */
	workerGzipKb: number;
}

const kb = (bytes: number): number => Number((bytes / 1024).toFixed(1));

/** Same-origin JavaScript requested by `page` while `load` runs and the network settles. */
export async function scriptsFetched(page: Page, origin: string, load: () => Promise<void>): Promise<string[]> {
	const paths = new Set<string>();
	const onRequest = (request: { url(): string }) => {
		const url = new URL(request.url());
		if (url.origin === origin && url.pathname.endsWith('.js')) paths.add(url.pathname);
	};
	page.on('request', onRequest);
	await load();
	await page.waitForLoadState('networkidle');
	// Work started after idle (onMount imports, workers) counts as initial too.
	await page.waitForTimeout(1_000);
	await page.waitForLoadState('networkidle');
	page.off('request', onRequest);
	return [...paths];
}

/** Gzip sizes of built files, by URL path; the service worker is not page JavaScript. */
export async function gzipSizes(paths: readonly string[]): Promise<PageScripts> {
	const sizes: { path: string; bytes: number }[] = [];
	let workerBytes = 0;
	for (const path of paths) {
		if (path === '/service-worker.js') continue;
		const bytes = gzipSync(await readFile(join(CLIENT_DIR, path)), { level: 9 }).length;
		// Vite emits worker entries and their chunks under _app/immutable/workers/.
		if (path.includes('/immutable/workers/')) workerBytes += bytes;
		else sizes.push({ path, bytes });
	}
	sizes.sort((a, b) => b.bytes - a.bytes);
	return {
		workerGzipKb: kb(workerBytes),
		gzipKb: kb(sizes.reduce((sum, s) => sum + s.bytes, 0)),
		files: sizes.length,
		biggest: sizes
			.slice(0, 6)
			.map((s) => `${s.path.split('/').pop()} ${kb(s.bytes)}`)
			.join(', ')
	};
}

/** What the service worker precached once it controls `page` (files and uncompressed KB). */
export async function precached(page: Page): Promise<{ files: number; kb: number }> {
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
	const { files, bytes } = await page.evaluate(async () => {
		let count = 0;
		let total = 0;
		for (const name of await caches.keys()) {
			if (!name.startsWith('workbox-precache')) continue;
			const cache = await caches.open(name);
			for (const request of await cache.keys()) {
				count++;
				total += (await (await cache.match(request))?.blob())?.size ?? 0;
			}
		}
		return { files: count, bytes: total };
	});
	return { files, kb: kb(bytes) };
}

export default async function bench(): Promise<Record<string, number | string>> {
	const stack = await startStack({ withoutServerKeys: true });
	try {
		const origin = new URL(stack.url).origin;
		const context = await stack.newContext();
		const setup = await context.newPage();
		await setup.goto('/');
		await setup.getByRole('textbox', { name: 'Message' }).waitFor();
		const id = await seedConversation(setup, { count: 500, title: 'Five hundred messages' });
		// A 500-message conversation is always a repeat visit: its page opens under the
		// service worker, as a user's would (waiting removes a race in what is measured).
		await setup.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
		await setup.close();

		// A new context: nothing cached, no service worker yet, like a first visit.
		const fresh = await stack.newContext();
		const first = await fresh.newPage();
		const home = await gzipSizes(
			await scriptsFetched(first, origin, async () => {
				await first.goto('/');
			})
		);
		const precache = await precached(first);
		await fresh.close();
		// Reading needs the seeded database, so this one runs in the seeded context.
		const page = await context.newPage();
		const conversation = await gzipSizes(
			await scriptsFetched(page, origin, async () => {
				await page.goto(`/c/${id}`);
				// Rendered markdown: the sanitizer and the markdown worker have loaded.
				await page.locator('article[data-role] .md-root > :not(.md-raw)').first().waitFor();
			})
		);
		const misses = [
			...(home.gzipKb > INITIAL_JS_BUDGET_KB ? [`home ${home.gzipKb} KB`] : []),
			...(conversation.gzipKb > INITIAL_JS_BUDGET_KB ? [`chat page (500 messages) ${conversation.gzipKb} KB`] : [])
		];
		return {
			budgetKb: INITIAL_JS_BUDGET_KB,
			budgetMisses: misses.length > 0 ? `over ${INITIAL_JS_BUDGET_KB} KB: ${misses.join('; ')}` : 'none',
			homeGzipKb: home.gzipKb,
			homeFiles: home.files,
			homeBiggestKb: home.biggest,
			homeWorkerGzipKb: home.workerGzipKb,
			conversationGzipKb: conversation.gzipKb,
			conversationFiles: conversation.files,
			conversationBiggestKb: conversation.biggest,
			conversationWorkerGzipKb: conversation.workerGzipKb,
			precacheFiles: precache.files,
			precacheKb: precache.kb
		};
	} finally {
		await stack.close();
	}
}
