// A message scrolled out of the virtualized thread and back is mounted again from its last
// render (markdownStreamCache.ts, decision 0028): its HTML shows at once, with no frame of
// raw markdown and no second round trip to the markdown worker.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedConversation } from './support/seed.ts';
import { openThreadWindow, stackForFile, THREAD_SCROLLER } from './support/thread.ts';

const stack = stackForFile();
const MARKDOWN = 'Some **bold words** and `code` here';

describe('thread re-mounting', () => {
	it('shows a message scrolled back into view rendered at once, never as raw text', async () => {
		const page = await openThreadWindow(stack());
		const id = await seedConversation(page, { count: 120, title: 'Scroll me', contentAt: { 119: MARKDOWN } });
		await page.goto(`/c/${id}`);
		const bold = page.locator('article[data-role="assistant"] strong', { hasText: 'bold words' });
		await bold.waitFor();

		// Count raw-text fallbacks of that message from here on.
		await page.evaluate(() => {
			const state = window as unknown as { rawShown: number };
			state.rawShown = 0;
			new MutationObserver((records) => {
				for (const record of records) {
					for (const node of record.addedNodes) {
						if (!(node instanceof Element)) continue;
						const raws = [...(node.matches('.md-raw') ? [node] : []), ...node.querySelectorAll('.md-raw')];
						state.rawShown += raws.filter((raw) => raw.textContent?.includes('**bold words**')).length;
					}
				}
			}).observe(document.body, { childList: true, subtree: true });
		});

		await page.evaluate((selector) => (document.querySelector<HTMLElement>(selector)!.scrollTop = 0), THREAD_SCROLLER);
		await bold.waitFor({ state: 'detached' });
		await page.evaluate((selector) => {
			const scroller = document.querySelector<HTMLElement>(selector)!;
			scroller.scrollTop = scroller.scrollHeight;
		}, THREAD_SCROLLER);
		await bold.waitFor();
		await page.locator('article[data-role="assistant"] code', { hasText: 'code' }).waitFor();

		const rawShown = await page.evaluate(() => (window as unknown as { rawShown: number }).rawShown);
		assert.equal(rawShown, 0, 'the re-mounted message showed its raw markdown before its render');
	});
});
