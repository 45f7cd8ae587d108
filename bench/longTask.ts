// The longest main-thread task while a reply of about 2,000 tokens (8,000 characters of
// markdown: headings, lists, code, tables, math) streams in, in headless Chromium on the
// built app, from the fake OpenAI server through the edge. Target: no task over 50 ms
// (issue 5). Measured in a new chat and in a 500-message conversation, from the moment the
// message is sent until the reply has settled, via the Long Tasks API; the Long Animation
// Frame around the worst task names the scripts behind it (invoker, function, source) and
// how much of it was style and layout. LONG_TASK_TRACE_DIR=dir also saves a Chrome trace of
// each streamed reply (open it in DevTools' Performance panel) for deeper digging.
// LONG_TASK_BASELINE=<dir> (a copy of another build's .svelte-kit/cloudflare) measures that
// build too, served by a second stack, its replies alternating with this build's so both see
// the same machine load; its figures are prefixed `baseline.` (decision 0028). LONG_TASK_ASSETS=<dir>
// measures a copy of this build in the same way, instead of .svelte-kit/cloudflare itself.
// The first run on each page is its cold one: the page was just loaded, so the send path,
// the thread, the markdown worker and the stream's event schemas load and run for the first
// time during that reply. LONG_TASK_RELOAD_EVERY=n loads the page again before every n-th run
// (a new chat again in newChat), for more cold runs; `cold.` and `warm.` figures split them (decision 0037).
// LONG_TASK_CPU_SLOWDOWN=n runs the pages under DevTools' CPU throttling, n times slower: a
// slower host than this one, to see how much room is left under 50 ms (decision 0048).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { seedConversation } from '../tests/e2e/support/seed.ts';
import { openChat, pickModel, type Stack, startStack } from '../tests/e2e/support/stack.ts';

const REPLY_CHARS = 8_000;
const RUNS = Number(process.env.LONG_TASK_RUNS ?? 3);
const TRACE_DIR = process.env.LONG_TASK_TRACE_DIR;
const RELOAD_EVERY = Number(process.env.LONG_TASK_RELOAD_EVERY ?? 0);
const CPU_SLOWDOWN = Number(process.env.LONG_TASK_CPU_SLOWDOWN ?? 1);
// No JS sampling by default: starting V8's profiler is itself a long task (not one the Long
// Tasks API reports). LONG_TASK_TRACE_MORE adds categories, comma-separated: e.g.
// `disabled-by-default-v8.cpu_profiler` (which functions ran) or
// `disabled-by-default-devtools.timeline.invalidationTracking` (what made style and layout dirty).
const TRACE_CATEGORIES = [
	'devtools.timeline',
	'disabled-by-default-devtools.timeline',
	'v8.execute',
	...(process.env.LONG_TASK_TRACE_MORE?.split(',').filter(Boolean) ?? [])
];

interface Frame {
	start: number;
	duration: number;
	blocking: number;
	/** Time from the start of style and layout to the end of the frame. */
	styleAndLayout: number;
	scripts: { invoker: string; fn: string; source: string; ms: number; forcedLayoutMs: number }[];
}

interface Window {
	longTasks: { start: number; duration: number }[];
	frames: Frame[];
}

/** Runs in the page before the app: records long tasks and long animation frames. */
function watchMainThread() {
	const state = window as unknown as Window;
	state.longTasks = [];
	state.frames = [];
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
	}).observe({ type: 'longtask', buffered: true });
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries() as (PerformanceEntry & {
			blockingDuration: number;
			styleAndLayoutStart: number;
			scripts: {
				invoker: string;
				sourceURL: string;
				sourceFunctionName: string;
				sourceCharPosition: number;
				duration: number;
				forcedStyleAndLayoutDuration: number;
			}[];
		})[]) {
			state.frames.push({
				start: entry.startTime,
				duration: entry.duration,
				blocking: entry.blockingDuration,
				styleAndLayout: entry.styleAndLayoutStart ? entry.startTime + entry.duration - entry.styleAndLayoutStart : 0,
				scripts: entry.scripts.map((s) => ({
					invoker: s.invoker,
					fn: s.sourceFunctionName,
					source: `${s.sourceURL.split('/').pop()}:${s.sourceCharPosition}`,
					ms: Math.round(s.duration),
					forcedLayoutMs: Math.round(s.forcedStyleAndLayoutDuration)
				}))
			});
		}
	}).observe({ type: 'long-animation-frame', buffered: true });
}

interface Run {
	/** The page was loaded just before this run's send. */
	cold: boolean;
	longestMs: number;
	over50: number;
	/** Time past 50 ms summed over the long tasks (what TBT counts): steadier than the longest. */
	blockingMs: number;
	/** What ran in the animation frame around this run's longest task. */
	worst: string;
}

/** The frame holding a task, in words: its scripts, longest first, and its style and layout time. */
function describe(frame: Frame | undefined, taskMs: number): string {
	if (!frame) return `${taskMs}ms: no frame recorded`;
	const scripts = [...frame.scripts]
		.sort((a, b) => b.ms - a.ms)
		.slice(0, 4)
		.map((s) => `${s.invoker} [${s.fn || 'anonymous'} ${s.source}] ${s.ms}ms${s.forcedLayoutMs ? ` (forced layout ${s.forcedLayoutMs}ms)` : ''}`);
	return `${taskMs}ms task; frame ${Math.round(frame.duration)}ms, style+layout ${Math.round(frame.styleAndLayout)}ms: ${scripts.join('; ') || 'no script'}`;
}

/** Sends the long prompt and reads what the main thread did between send and the end. */
async function streamOnce(page: Page, traceFile: string | null, cold: boolean): Promise<Run> {
	const from = await page.evaluate(() => performance.now());
	if (traceFile) await page.context().browser()!.startTracing(page, { path: traceFile, categories: TRACE_CATEGORIES });
	// Playwright runs its locators' queries on the page's main thread, inside the window
	// measured: a role query (`getByRole`, as the e2e helper `sendMessage` uses) computes the
	// role and accessible name of every element, 30–1,250 ms on the 500-message page here,
	// which the Long Tasks API then reports as the app's. A CSS selector costs next to nothing.
	const box = page.locator('textarea[aria-label="Message"]');
	await box.fill(`[[long:${REPLY_CHARS}]] run ${Math.random()}`);
	await box.press('Enter');
	// Cheap checks on a timer: a locator's wait re-runs a role query (accessible names of every
	// button) each animation frame, which would add its own work to the frames measured.
	await page.waitForFunction(() => document.querySelector('button[aria-label="Stop"]'), undefined, { polling: 50 });
	await page.waitForFunction(() => document.querySelector('button[aria-label="Send"]'), undefined, { polling: 250 });
	// The final render, and the context budget counting the new reply, land just after the stream ends.
	await page.waitForTimeout(1_000);
	if (traceFile) await page.context().browser()!.stopTracing();
	const { longTasks, frames } = await page.evaluate(() => {
		const state = window as unknown as Window;
		return { longTasks: state.longTasks, frames: state.frames };
	});
	const tasks = longTasks.filter((t) => t.start >= from);
	const longest = [...tasks].sort((a, b) => b.duration - a.duration)[0];
	const frame = longest && frames.find((f) => f.start <= longest.start + 1 && longest.start < f.start + f.duration);
	return {
		cold,
		longestMs: Math.round(longest?.duration ?? 0),
		over50: tasks.filter((t) => t.duration > 50).length,
		blockingMs: Math.round(tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0)),
		worst: longest ? describe(frame, Math.round(longest.duration)) : 'no long task'
	};
}

/** A page on `stack` ready to send (seeded with 500 messages for that scenario), watched. */
async function prepare(stack: Stack, seeded: boolean): Promise<Page> {
	const page = await openChat(stack);
	if (seeded) {
		const id = await seedConversation(page, { count: 500, title: 'Five hundred messages' });
		await page.goto(`/c/${id}`);
		await pickModel(page, 'gpt-4o-mini');
	}
	await page.addInitScript(watchMainThread);
	if (CPU_SLOWDOWN > 1) {
		// Kept for the page's life: the throttling ends when its DevTools session detaches.
		const session = await page.context().newCDPSession(page);
		await session.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
	}
	await load(page, page.url());
	return page;
}

/** Loads `url` afresh (a cold page: no module evaluated, no worker started) and picks the model. */
async function load(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.getByRole('textbox', { name: 'Message' }).waitFor();
	await pickModel(page, 'gpt-4o-mini');
}

/** RUNS replies per build, alternating between the builds run by run. */
async function measure(stacks: [string, Stack][], scenario: string, seeded: boolean): Promise<Map<string, Run[]>> {
	const pages: [string, Page, string][] = [];
	for (const [prefix, stack] of stacks) {
		const page = await prepare(stack, seeded);
		pages.push([prefix, page, page.url()]);
	}
	if (TRACE_DIR) await mkdir(TRACE_DIR, { recursive: true });
	const runs = new Map<string, Run[]>(stacks.map(([prefix]) => [prefix, []]));
	for (let run = 0; run < RUNS; run++) {
		const reload = run > 0 && RELOAD_EVERY > 0 && run % RELOAD_EVERY === 0;
		for (const [prefix, page, url] of pages) {
			if (reload) await load(page, url);
			const trace = TRACE_DIR ? join(TRACE_DIR, `${prefix}${scenario}-${run + 1}.json`) : null;
			runs.get(prefix)!.push(await streamOnce(page, trace, run === 0 || reload));
		}
	}
	for (const [, page] of pages) await page.context().close();
	return runs;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function summary(name: string, runs: Run[]): Record<string, number | string> {
	const worst = [...runs].sort((a, b) => b.longestMs - a.longestMs)[0]!;
	return {
		[`${name}.longestTaskMedianMs`]: median(runs.map((r) => r.longestMs)),
		[`${name}.longestTaskMaxMs`]: worst.longestMs,
		[`${name}.tasksOver50MsMedian`]: median(runs.map((r) => r.over50)),
		[`${name}.tasksOver50MsTotal`]: runs.reduce((sum, r) => sum + r.over50, 0),
		[`${name}.blockingMsMedian`]: median(runs.map((r) => r.blockingMs)),
		[`${name}.perRun`]: runs.map((r) => `${r.longestMs}ms/${r.over50}/${r.blockingMs}ms`).join(', '),
		...split(`${name}.cold`, runs.filter((r) => r.cold)),
		...split(`${name}.warm`, runs.filter((r) => !r.cold)),
		[`${name}.worstTask`]: worst.worst
	};
}

/** The longest task and the blocking time, median and range, of some of the runs. */
function split(name: string, runs: Run[]): Record<string, number | string> {
	if (runs.length === 0) return {};
	const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`;
	return {
		[`${name}.longestTaskMedianMs`]: median(runs.map((r) => r.longestMs)),
		[`${name}.longestTaskRangeMs`]: range(runs.map((r) => r.longestMs)),
		[`${name}.blockingMsMedian`]: median(runs.map((r) => r.blockingMs)),
		[`${name}.blockingRangeMs`]: range(runs.map((r) => r.blockingMs))
	};
}

export default async function bench(): Promise<Record<string, number | string>> {
	const baselineDir = process.env.LONG_TASK_BASELINE;
	const stacks: [string, Stack][] = [];
	try {
		// LONG_TASK_ASSETS=<dir>: measure a copy of a build, so the bench need not hold the build lock.
		const assetsDir = process.env.LONG_TASK_ASSETS;
		stacks.push(['', await startStack(assetsDir ? { env: { ATRIUM_ASSETS_DIR: assetsDir, ATRIUM_SKIP_BUILD: '1' } } : {})]);
		if (baselineDir) stacks.push(['baseline.', await startStack({ env: { ATRIUM_ASSETS_DIR: baselineDir, ATRIUM_SKIP_BUILD: '1' } })]);
		const figures: Record<string, number | string> = { replyChars: REPLY_CHARS, runs: RUNS, cpuSlowdown: CPU_SLOWDOWN };
		// LONG_TASK_SCENARIOS=newChat or conversation500 measures only that one.
		const only = process.env.LONG_TASK_SCENARIOS?.split(',');
		for (const [scenario, seeded] of [['newChat', false], ['conversation500', true]] as const) {
			if (only && !only.includes(scenario)) continue;
			for (const [prefix, runs] of await measure(stacks, scenario, seeded)) Object.assign(figures, summary(`${prefix}${scenario}`, runs));
		}
		return figures;
	} finally {
		for (const [, stack] of stacks) await stack.close();
	}
}
