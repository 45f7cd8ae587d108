// Initial JavaScript per page: every script the built app fetches from its own origin
// until the network is quiet after load (nothing clicked), summed as gzip sizes of the
// built files, with the biggest chunks named. Budget: 120 KB gzip per page (issue 5).
// `node bench/run.ts bundle` prints JSON.
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

export default async function bench(): Promise<Record<string, number | string>> {
	const stack = await startStack({ withoutServerKeys: true });
	try {
		const origin = new URL(stack.url).origin;
		const context = await stack.newContext();
		const setup = await context.newPage();
		await setup.goto('/');
		await setup.getByRole('textbox', { name: 'Message' }).waitFor();
		const id = await seedConversation(setup, { count: 500, title: 'Five hundred messages' });
		await setup.close();

		const measure = async (path: string): Promise<PageScripts> => {
			// A new context: nothing cached, no service worker yet, like a first visit.
			const fresh = await stack.newContext();
			const page = await fresh.newPage();
			const fetched = await scriptsFetched(page, origin, async () => {
				await page.goto(path);
			});
			await fresh.close();
			return gzipSizes(fetched);
		};
		const home = await measure('/');
		// Reading needs the seeded database, so this one runs in the seeded context.
		const page = await context.newPage();
		const conversation = await gzipSizes(
			await scriptsFetched(page, origin, async () => {
				await page.goto(`/c/${id}`);
				// Rendered markdown: the sanitizer and the markdown worker have loaded.
				await page.locator('article[data-role] .md-root > :not(.md-raw)').first().waitFor();
			})
		);
		return {
			budgetKb: INITIAL_JS_BUDGET_KB,
			homeGzipKb: home.gzipKb,
			homeFiles: home.files,
			homeBiggestKb: home.biggest,
			homeWorkerGzipKb: home.workerGzipKb,
			conversationGzipKb: conversation.gzipKb,
			conversationFiles: conversation.files,
			conversationBiggestKb: conversation.biggest,
			conversationWorkerGzipKb: conversation.workerGzipKb
		};
	} finally {
		await stack.close();
	}
}
