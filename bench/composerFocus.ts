// What the composer's first focus in a new chat costs the main thread (decision 0041): the
// focus loads the thread and the send path, and Vite's preload helper appends a `<link>`
// (modulepreload, or stylesheet) for each of their chunks the page has not loaded yet, each
// starting a fetch from inside the focus's task. Reported per build, medians of fresh pages
// (first visit, settled before the focus): `focusLinks` (links the focus appended),
// `focusScripts` (module scripts fetched after it), `focusSyncMs` (the focus call's
// synchronous work: the handlers and every link appended), and `storedLinks` (links the
// page appended while opening a stored 50-message conversation: Kit's start and the thread).
// COMPOSER_FOCUS_ASSETS=<dir> measures a copy of a build instead of .svelte-kit/cloudflare;
// COMPOSER_FOCUS_BASELINE=<dir> measures another build too, its pages alternating with
// this one's; its figures are prefixed `baseline.`. COMPOSER_FOCUS_RUNS (default 5);
// COMPOSER_FOCUS_LIST=1 prints the links a stored conversation appended.
import type { Page, Request } from 'playwright-core';
import { seedConversation } from '../tests/e2e/support/seed.ts';
import { pickModel, type Stack, startStack } from '../tests/e2e/support/stack.ts';

const RUNS = Number(process.env.COMPOSER_FOCUS_RUNS ?? 5);

interface Run {
	focusLinks: number;
	focusScripts: number;
	focusSyncMs: number;
	storedLinks: number;
}

/** Links in the head that the served HTML did not have (appended by scripts). */
async function appendedLinks(page: Page, html: string): Promise<string[]> {
	const served = new Set([...html.matchAll(/<link[^>]+href="([^"]+)"/g)].map((m) => new URL(m[1] ?? '', page.url()).href));
	const now = await page.evaluate(() => [...document.head.querySelectorAll('link[rel=modulepreload], link[rel=stylesheet]')].map((l) => (l as HTMLLinkElement).href));
	return now.filter((href) => !served.has(href));
}

async function settle(page: Page): Promise<void> {
	await page.waitForLoadState('networkidle');
	await page.evaluate(() => new Promise((done) => requestIdleCallback(done, { timeout: 2_000 })));
}

async function once(stack: Stack): Promise<Run> {
	const context = await stack.newContext();
	try {
		const page = await context.newPage();
		const html = await (await page.request.get(stack.url + '/')).text();
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await settle(page);
		const before = new Set(await appendedLinks(page, html));
		const scripts = new Set<string>();
		const onRequest = (request: Request) => {
			if (request.resourceType() === 'script') scripts.add(request.url());
		};
		page.on('request', onRequest);
		const focusSyncMs = await page.evaluate(() => {
			const box = document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Message"]');
			if (!box) throw new Error('No composer on the page');
			const start = performance.now();
			box.focus();
			return performance.now() - start;
		});
		await settle(page);
		page.off('request', onRequest);
		const focusLinks = (await appendedLinks(page, html)).filter((href) => !before.has(href)).length;

		const id = await seedConversation(page, { count: 50, title: 'Fifty messages' });
		await page.goto(`/c/${id}`);
		await page.getByRole('article').first().waitFor();
		await settle(page);
		const stored = await appendedLinks(page, html);
		// COMPOSER_FOCUS_LIST=1 prints the appended links to stderr.
		if (process.env.COMPOSER_FOCUS_LIST === '1') process.stderr.write(`${stack.url} stored conversation appended:\n  ${stored.join('\n  ')}\n`);
		const storedLinks = stored.length;
		return { focusLinks, focusScripts: scripts.size, focusSyncMs, storedLinks };
	} finally {
		await context.close();
	}
}

export default async function bench(): Promise<Record<string, number | string>> {
	const stacks: [string, Stack][] = [];
	try {
		const assets = process.env.COMPOSER_FOCUS_ASSETS;
		stacks.push(['', await startStack(assets ? { env: { ATRIUM_ASSETS_DIR: assets, ATRIUM_SKIP_BUILD: '1' } } : {})]);
		const baseline = process.env.COMPOSER_FOCUS_BASELINE;
		if (baseline) stacks.push(['baseline.', await startStack({ env: { ATRIUM_ASSETS_DIR: baseline, ATRIUM_SKIP_BUILD: '1' } })]);
		const runs = new Map<string, Run[]>(stacks.map(([prefix]) => [prefix, []]));
		for (let i = 0; i < RUNS; i++) for (const [prefix, stack] of stacks) runs.get(prefix)?.push(await once(stack));
		const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
		const figures: Record<string, number | string> = { runs: RUNS };
		for (const [prefix, list] of runs) {
			for (const key of ['focusLinks', 'focusScripts', 'focusSyncMs', 'storedLinks'] as const) {
				figures[`${prefix}${key}`] = Math.round(median(list.map((run) => run[key])) * 10) / 10;
			}
			figures[`${prefix}focusSyncMsPerRun`] = list.map((run) => run.focusSyncMs.toFixed(1)).join(', ');
		}
		return figures;
	} finally {
		for (const [, stack] of stacks) await stack.close();
	}
}
