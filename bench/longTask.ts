// The longest main-thread task while a reply of about 2,000 tokens (8,000 characters of
// markdown: headings, lists, code, tables, math) streams in, in headless Chromium on the
// built app, from the fake OpenAI server through the edge. Target: no task over 50 ms
// (issue 5). Measured in a new chat and in a 500-message conversation, via the Long Tasks
// API; the worst Long Animation Frame names the scripts behind it, for finding causes.
import type { Page } from 'playwright-core';
import { seedConversation } from '../tests/e2e/support/seed.ts';
import { openChat, pickModel, sendMessage, waitIdle, type Stack, startStack } from '../tests/e2e/support/stack.ts';

const REPLY_CHARS = 8_000;
const RUNS = Number(process.env.LONG_TASK_RUNS ?? 3);

interface Window {
	longTasks: { start: number; duration: number }[];
	frames: { start: number; duration: number; blocking: number; scripts: string }[];
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
			scripts: { invoker: string; sourceURL: string; duration: number }[];
		})[]) {
			state.frames.push({
				start: entry.startTime,
				duration: entry.duration,
				blocking: entry.blockingDuration,
				scripts: entry.scripts
					.map((s) => `${s.invoker} ${s.sourceURL.split('/').pop()} ${Math.round(s.duration)}ms`)
					.join('; ')
			});
		}
	}).observe({ type: 'long-animation-frame', buffered: true });
}

interface Run {
	longestMs: number;
	over50: number;
	worstFrame: string;
}

/** Sends the long prompt and reads what the main thread did between send and the end. */
async function streamOnce(page: Page): Promise<Run> {
	const from = await page.evaluate(() => performance.now());
	await sendMessage(page, `[[long:${REPLY_CHARS}]] run ${Math.random()}`);
	await page.getByRole('button', { name: 'Stop' }).waitFor();
	await waitIdle(page);
	// The final render lands a frame or two after the stream ends.
	await page.waitForTimeout(500);
	const { longTasks, frames } = await page.evaluate(() => {
		const state = window as unknown as Window;
		return { longTasks: state.longTasks, frames: state.frames };
	});
	const tasks = longTasks.filter((t) => t.start >= from);
	const worst = frames.filter((f) => f.start >= from).sort((a, b) => b.blocking - a.blocking)[0];
	return {
		longestMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
		over50: tasks.filter((t) => t.duration > 50).length,
		worstFrame: worst ? `${Math.round(worst.duration)}ms: ${worst.scripts || 'no script'}` : 'none'
	};
}

async function measure(stack: Stack, seeded: boolean): Promise<Run[]> {
	const page = await openChat(stack);
	if (seeded) {
		const id = await seedConversation(page, { count: 500, title: 'Five hundred messages' });
		await page.goto(`/c/${id}`);
		await pickModel(page, 'gpt-4o-mini');
	}
	await page.addInitScript(watchMainThread);
	await page.reload();
	await page.getByRole('textbox', { name: 'Message' }).waitFor();
	await pickModel(page, 'gpt-4o-mini');
	const runs: Run[] = [];
	for (let run = 0; run < RUNS; run++) runs.push(await streamOnce(page));
	await page.context().close();
	return runs;
}

function summary(name: string, runs: Run[]): Record<string, number | string> {
	const worst = [...runs].sort((a, b) => b.longestMs - a.longestMs)[0]!;
	const sorted = runs.map((r) => r.longestMs).sort((a, b) => a - b);
	return {
		[`${name}.longestTaskMaxMs`]: worst.longestMs,
		[`${name}.longestTaskMedianMs`]: sorted[Math.floor(sorted.length / 2)]!,
		[`${name}.tasksOver50Ms`]: runs.reduce((sum, r) => sum + r.over50, 0),
		[`${name}.worstFrame`]: worst.worstFrame
	};
}

export default async function bench(): Promise<Record<string, number | string>> {
	const stack = await startStack();
	try {
		return {
			replyChars: REPLY_CHARS,
			runs: RUNS,
			...summary('newChat', await measure(stack, false)),
			...summary('conversation500', await measure(stack, true))
		};
	} finally {
		await stack.close();
	}
}
