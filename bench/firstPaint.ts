// Time from navigation to the first paint of a 10,000-message conversation stored in
// IndexedDB: the built app as `npm start` runs it, in headless Chromium; and how many
// message rows the list mounted while opening it (the visible ones, plus any it mounted on a
// wrong guess of their height and dropped once measured).
import { seedConversation } from '../tests/e2e/support/seed.ts';
import { startStack } from '../tests/e2e/support/stack.ts';

const MESSAGES = 10_000;
const RUNS = 5;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export default async function bench(): Promise<Record<string, number>> {
	const stack = await startStack({ withoutServerKeys: true });
	try {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await page.getByRole('textbox', { name: 'Message' }).waitFor();
		const id = await seedConversation(page, { count: MESSAGES, title: 'Ten thousand messages' });
		const timings: number[] = [];
		const fcp: number[] = [];
		const mounted: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			const fresh = await context.newPage();
			await fresh.addInitScript(watchForLastMessage, `message number ${MESSAGES - 1}`);
			await fresh.goto(`/c/${id}`);
			const painted = await fresh.waitForFunction(() => (window as unknown as { __painted?: number }).__painted, null, {
				timeout: 60_000
			});
			timings.push(Number(await painted.jsonValue()));
			// Rows the list mounted while opening, the visible ones and any it dropped once measured.
			await fresh.waitForTimeout(1_500);
			mounted.push(await fresh.evaluate(() => (window as unknown as { __mounted?: number }).__mounted ?? 0));
			fcp.push(
				await fresh.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN)
			);
			await fresh.close();
		}
		return {
			messages: MESSAGES,
			runs: RUNS,
			conversationPaintP50Ms: Math.round(median(timings)),
			firstContentfulPaintP50Ms: Math.round(median(fcp)),
			rowsMountedOnOpenP50: median(mounted)
		};
	} finally {
		await stack.close();
	}
}

/**
 * Runs in the page before the app: notes when the last message is on screen and painted,
 * and counts the message rows mounted (decision 0028).
 */
function watchForLastMessage(lastText: string) {
	const state = window as unknown as { __mounted?: number };
	state.__mounted = 0;
	new MutationObserver((records) => {
		for (const record of records) {
			for (const node of record.addedNodes) {
				if (node instanceof Element) state.__mounted! += (node.matches('article[data-role]') ? 1 : 0) + node.querySelectorAll('article[data-role]').length;
			}
		}
	}).observe(document, { childList: true, subtree: true });
	const observer = new MutationObserver(() => {
		const articles = document.querySelectorAll('article[data-role]');
		const last = articles[articles.length - 1];
		if (!last?.textContent?.includes(lastText)) return;
		observer.disconnect();
		requestAnimationFrame(() =>
			requestAnimationFrame(() => ((window as unknown as { __painted?: number }).__painted = performance.now()))
		);
	});
	observer.observe(document, { childList: true, subtree: true, characterData: true });
}
