// A message scrolled out of the virtualized thread and back is mounted again from its last
// render (markdownStreamCache.ts, decision 0028): its HTML shows at once, with no frame of
// raw markdown and no second round trip to the markdown worker. Opening a long conversation
// mounts the rows that fit once, none on a wrong guess of their height (decision 0045).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedConversation } from './support/seed.ts';
import { openThreadWindow, stackForFile, wheelThread } from './support/thread.ts';

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

		// Right after opening, as a reader can: away from the end and back.
		await wheelThread(page, 'top');
		await bold.waitFor({ state: 'detached' });
		await wheelThread(page, 'end');
		await bold.waitFor();
		await page.locator('article[data-role="assistant"] code', { hasText: 'code' }).waitFor();

		const rawShown = await page.evaluate(() => (window as unknown as { rawShown: number }).rawShown);
		assert.equal(rawShown, 0, 'the re-mounted message showed its raw markdown before its render');
	});

	it('opens a long conversation at its end mounting only the rows that fit, none dropped once measured', async () => {
		const page = await openThreadWindow(stack());
		const id = await seedConversation(page, { count: 120, title: 'Measured once' });
		// Count the rows mounted and unmounted from the navigation on.
		await page.addInitScript(() => {
			const state = window as unknown as { rows: { added: number; removed: number } };
			state.rows = { added: 0, removed: 0 };
			const count = (node: Node) =>
				node instanceof Element ? Number(node.matches('article[data-role]')) + node.querySelectorAll('article[data-role]').length : 0;
			new MutationObserver((records) => {
				for (const record of records) {
					for (const node of record.addedNodes) state.rows.added += count(node);
					for (const node of record.removedNodes) state.rows.removed += count(node);
				}
			}).observe(document, { childList: true, subtree: true });
		});
		await page.goto(`/c/${id}`);
		await page.locator('article[data-role]', { hasText: 'message number 119' }).waitFor();
		// virtua measures the rows and settles its scroll to the end within its 150 ms scroll timer;
		// a row mounted on a wrong guess of the rows' height is dropped in that time.
		await page.waitForTimeout(1_000);
		const rows = await page.evaluate(() => (window as unknown as { rows: { added: number; removed: number } }).rows);
		const shown = await page.locator('article[data-role]').count();
		assert.equal(rows.removed, 0, `rows mounted on the first guess and dropped once measured (mounted ${rows.added})`);
		assert.equal(rows.added, shown);
		assert.ok(shown >= 3 && shown <= 6, `${shown} rows mounted for a 700 px window`);
	});
});
