// Lighthouse 13 (performance, accessibility, best practices; its default mobile profile
// with simulated throttling) on the built app as `npm start` runs it: the home page and a
// 500-message conversation seeded into IndexedDB first. Target: ≥ 95 each (issue 5).
// Chromium is launched by playwright-core with a debugging port; Lighthouse drives that
// same browser profile and is told to keep its storage, so the seeded conversation stays.
// LIGHTHOUSE_BASELINE=<dir> (a copy of another build's .svelte-kit/cloudflare) also audits
// that build, served by a second stack, alternating runs with this one so both see the
// same machine load; its figures are prefixed `baseline.` (decision 0022). Each page also
// reports its median total blocking time and each run's `score/TBT`; LIGHTHOUSE_DETAIL=1
// prints the simulated metrics and the tasks Lighthouse counted as long to stderr (decisions
// 0028, 0032). LIGHTHOUSE_TRACE_DIR=dir saves each run's trace there, with V8's sampling
// profiler on (it slows the page, so such runs' figures are not comparable; decision 0036)
// unless LIGHTHOUSE_TRACE_SAMPLING=0. The simulated throttling multiplies the CPU time this
// machine takes, so scores depend on the host: `benchmarkIndex` is Lighthouse's own measure of
// it (median of the runs; higher is faster), and LIGHTHOUSE_CPU_SLOWDOWN=n (default 4, the
// mobile profile's) stands in for a host n/4 times slower than this one (decision 0048).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { seedConversation } from '../tests/e2e/support/seed.ts';
import { freePort } from '../scripts/lib/processGroup.ts';
import { CHROMIUM_ARGS, startStack } from '../tests/e2e/support/stack.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const TRACE_DIR = process.env.LIGHTHOUSE_TRACE_DIR;
const SAMPLING = process.env.LIGHTHOUSE_TRACE_SAMPLING !== '0';
const CPU_SLOWDOWN = process.env.LIGHTHOUSE_CPU_SLOWDOWN ? Number(process.env.LIGHTHOUSE_CPU_SLOWDOWN) : undefined;

export interface PageReport {
	scores: Record<(typeof CATEGORIES)[number], number>;
	/** Total blocking time (simulated), the metric that kept performance under 95 (decision 0028). */
	tbtMs: number;
	/** The main-thread tasks Lighthouse counted as long, in words: start, duration, script. */
	longTasks: string[];
	/** Audits that cost points, worst first, for finding what to fix. */
	failing: string[];
	/** The simulated metrics the score is made of (FCP, LCP, SI, TBT, CLS), in words. */
	metrics: string;
	/** Lighthouse's measure of this host's CPU speed during the run (higher is faster). */
	benchmarkIndex: number;
}

/** One Lighthouse run against `url` in the browser listening on `port`; `traceFile` keeps its trace. */
export async function audit(url: string, port: number, traceFile?: string): Promise<PageReport> {
	const result = await lighthouse(
		url,
		{ port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
		{
			extends: 'lighthouse:default',
			settings: {
				disableStorageReset: true,
				...(CPU_SLOWDOWN ? { throttling: { cpuSlowdownMultiplier: CPU_SLOWDOWN } } : {}),
				...(traceFile && SAMPLING ? { additionalTraceCategories: 'disabled-by-default-v8.cpu_profiler' } : {})
			}
		}
	);
	if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
	if (traceFile) await writeFile(traceFile, JSON.stringify(result.artifacts.Trace));
	const { categories, audits } = result.lhr;
	const scores = Object.fromEntries(
		CATEGORIES.map((id) => [id, Math.round((categories[id]?.score ?? 0) * 100)])
	) as PageReport['scores'];
	const failing = Object.values(audits)
		.filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
		.sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
		.map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`);
	const tasks = (audits['long-tasks']?.details as { items?: { url?: string; duration: number; startTime: number }[] } | undefined)?.items ?? [];
	const longTasks = tasks.map((t) => `@${Math.round(t.startTime)} ${Math.round(t.duration)}ms ${t.url?.split('/').pop() ?? ''}`);
	const metric = (id: string, label: string) => `${label} ${Math.round((audits[id]?.numericValue ?? 0) * (id === 'cumulative-layout-shift' ? 1000 : 1))}`;
	const metrics = [
		metric('first-contentful-paint', 'FCP'),
		metric('largest-contentful-paint', 'LCP'),
		metric('speed-index', 'SI'),
		metric('total-blocking-time', 'TBT'),
		metric('cumulative-layout-shift', 'CLSx1000'),
		metric('interactive', 'TTI')
	].join(' ');
	const tbtMs = Math.round(audits['total-blocking-time']?.numericValue ?? 0);
	return { scores, tbtMs, longTasks, failing, metrics, benchmarkIndex: Math.round(result.lhr.environment.benchmarkIndex) };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Target {
	url: string;
	port: number;
	conversationId: string;
	close(): Promise<void>;
}

/** A stack (optionally serving another build) and a seeded browser profile for Lighthouse. */
async function target(assetsDir?: string): Promise<Target> {
	const stack = await startStack({
		withoutServerKeys: true,
		...(assetsDir ? { env: { ATRIUM_ASSETS_DIR: assetsDir, ATRIUM_SKIP_BUILD: '1' } } : {})
	});
	const profile = await mkdtemp(join(tmpdir(), 'atrium-lighthouse-'));
	const port = await freePort();
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
		args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
		baseURL: stack.url
	});
	const close = async () => {
		await browser.close();
		await rm(profile, { recursive: true, force: true });
		await stack.close();
	};
	try {
		const page = await browser.newPage();
		await page.goto('/');
		await page.getByRole('textbox', { name: 'Message' }).waitFor();
		const conversationId = await seedConversation(page, { count: 500, title: 'Five hundred messages' });
		await page.close();
		return { url: stack.url, port, conversationId, close };
	} catch (error) {
		await close();
		throw error;
	}
}

export default async function bench(): Promise<Record<string, number | string>> {
	const baselineDir = process.env.LIGHTHOUSE_BASELINE;
	const targets: [string, Target][] = [['', await target()]];
	try {
		if (baselineDir) targets.push(['baseline.', await target(baselineDir)]);
		const figures: Record<string, number | string> = { runs: RUNS, cpuSlowdown: CPU_SLOWDOWN ?? 4 };
		const benchmarkIndexes: number[] = [];
		if (TRACE_DIR) await mkdir(TRACE_DIR, { recursive: true });
		for (const name of ['home', 'conversation'] as const) {
			const reports = new Map<string, PageReport[]>(targets.map(([prefix]) => [prefix, []]));
			for (let run = 0; run < RUNS; run++) {
				for (const [prefix, t] of targets) {
					const path = name === 'home' ? '/' : `/c/${t.conversationId}`;
					const trace = TRACE_DIR ? join(TRACE_DIR, `${prefix}${name}-${run + 1}.json`) : undefined;
					reports.get(prefix)!.push(await audit(`${t.url}${path}`, t.port, trace));
				}
			}
			for (const [prefix, list] of reports) {
				benchmarkIndexes.push(...list.map((r) => r.benchmarkIndex));
				for (const category of CATEGORIES) figures[`${prefix}${name}.${category}`] = median(list.map((r) => r.scores[category]));
				figures[`${prefix}${name}.tbtMs`] = median(list.map((r) => r.tbtMs));
				figures[`${prefix}${name}.perRun`] = list.map((r) => `${r.scores.performance}/${r.tbtMs}ms`).join(', ');
				if (process.env.LIGHTHOUSE_DETAIL) {
					for (const report of list) process.stderr.write(`${prefix}${name}: ${report.metrics}; long tasks ${report.longTasks.join('; ')}\n`);
				}
				figures[`${prefix}${name}.failingAudits`] = [...new Set(list.flatMap((r) => r.failing))].join(', ') || 'none';
			}
		}
		figures.benchmarkIndex = median(benchmarkIndexes);
		return figures;
	} finally {
		for (const [, t] of targets) await t.close();
	}
}
