// Time from navigation to the first paint of a 10,000-message conversation stored in
// IndexedDB: the built app as `npm start` runs it, in headless Chromium.
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
		const id = await page.evaluate(seedConversation, MESSAGES);
		const timings: number[] = [];
		const fcp: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			const fresh = await context.newPage();
			await fresh.addInitScript(watchForLastMessage, `message ${MESSAGES - 1}`);
			await fresh.goto(`/c/${id}`);
			const painted = await fresh.waitForFunction(() => (window as unknown as { __painted?: number }).__painted, null, {
				timeout: 60_000
			});
			timings.push(Number(await painted.jsonValue()));
			fcp.push(
				await fresh.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN)
			);
			await fresh.close();
		}
		return {
			messages: MESSAGES,
			runs: RUNS,
			conversationPaintP50Ms: Math.round(median(timings)),
			firstContentfulPaintP50Ms: Math.round(median(fcp))
		};
	} finally {
		await stack.close();
	}
}

/** Runs in the page: writes one conversation of `count` messages straight to IndexedDB. */
function seedConversation(count: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open('atrium');
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const db = open.result;
			const tx = db.transaction(['conversations', 'messages'], 'readwrite');
			const id = crypto.randomUUID();
			const now = Date.now();
			let parentId: string | null = null;
			for (let i = 0; i < count; i++) {
				const messageId = `${id}-${i}`;
				tx.objectStore('messages').put({
					id: messageId,
					conversationId: id,
					parentId,
					role: i % 2 === 0 ? 'user' : 'assistant',
					content: i % 2 === 0 ? `Question ${i}: how does this work?` : `Answer with some **markdown** and \`code\`, message ${i}`,
					status: 'complete',
					createdAt: now - (count - i) * 1000,
					updatedAt: now - (count - i) * 1000
				});
				parentId = messageId;
			}
			tx.objectStore('conversations').put({
				id,
				title: 'Ten thousand messages',
				titleSource: 'user',
				systemPrompt: '',
				model: null,
				currentLeafId: parentId,
				messageCount: count,
				createdAt: now,
				updatedAt: now
			});
			tx.oncomplete = () => resolve(id);
			tx.onerror = () => reject(tx.error);
		};
	});
}

/** Runs in the page before the app: notes when the last message is on screen and painted. */
function watchForLastMessage(lastText: string) {
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
