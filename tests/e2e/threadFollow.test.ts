// The thread follows a streaming reply (once a frame, see MessageList.svelte): its end stays
// in view while the reader is at the bottom, and a reader who scrolled up is left alone.
// The rows stay clickable while the list moves (decision 0042). A stored conversation opens at
// its end and stays there while its last replies' markdown renders (decision 0045).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { sampleMessage } from '../../src/lib/workers/markdown/sampleDocuments.ts';
import { seedConversation } from './support/seed.ts';
import { sendMessage, waitIdle } from './support/stack.ts';
import { openThreadWindow, stackForFile, THREAD_SCROLLER, THREAD_WINDOW, wheelThread } from './support/thread.ts';

const stack = stackForFile();

function scrollState(page: Page) {
	return page.evaluate((selector) => {
		const el = document.querySelector<HTMLElement>(selector)!;
		return { top: el.scrollTop, height: el.scrollHeight, viewport: el.clientHeight };
	}, THREAD_SCROLLER);
}

/** Resolves once the reply, still streaming, is taller than `height` and the view is at its end. */
function followedPast(page: Page, height: number) {
	return page.waitForFunction(
		({ selector, height }) => {
			const el = document.querySelector<HTMLElement>(selector);
			const streaming = document.querySelector('button[aria-label="Stop"]') !== null;
			return !!el && streaming && el.scrollHeight > height && el.scrollTop + el.clientHeight >= el.scrollHeight - 60;
		},
		{ selector: THREAD_SCROLLER, height },
		{ polling: 50, timeout: 30_000 }
	);
}

/** A new chat whose reply to `text` streams past two screens, followed, then wheeled up to the top (300 ms later). */
async function streamThenScrollUp(text: string): Promise<Page> {
	const page = await openThreadWindow(stack());
	await sendMessage(page, text);
	await followedPast(page, 2 * THREAD_WINDOW.height);
	await wheelThread(page, 'top');
	await page.waitForTimeout(300);
	return page;
}

describe('thread follows a streaming reply', () => {
	it('keeps the end in view while streaming, leaves a reader who scrolled up alone, and follows again at the end', async () => {
		// Scrolled up: the reply keeps growing below, the view stays where the reader is.
		const page = await streamThenScrollUp('[[long:24000]] follow me');
		await page.waitForTimeout(100);
		const away = await scrollState(page);
		assert.ok(away.top < away.viewport, `the view was pulled down after scrolling up: ${JSON.stringify(away)}`);

		// Back at the end: followed again as the reply grows by more than a screen.
		await wheelThread(page, 'end');
		const back = await scrollState(page);
		await followedPast(page, back.height + back.viewport);
		await waitIdle(page);
		await page.waitForTimeout(300);
		const end = await scrollState(page);
		assert.ok(end.top + end.viewport >= end.height - 60, `not at the end after the reply: ${JSON.stringify(end)}`);
		await page.context().close();
	});

	it('follows again when the reader presses End in the thread', async () => {
		const page = await streamThenScrollUp('[[long:24000]] end key');
		// The thread's scroller takes keyboard focus (it scrolls; Chromium makes such scrollers focusable).
		await page.locator(THREAD_SCROLLER).focus();
		await page.keyboard.press('End');
		const back = await scrollState(page);
		await followedPast(page, back.height + back.viewport);
		await page.context().close();
	});

	it('follows the reply to a long message, the thread growing taller as the composer empties', async () => {
		const page = await openThreadWindow(stack());
		// A message of many lines: the composer grows while it is typed and shrinks on sending,
		// giving the thread room at the moment its new rows are placed and measured.
		const lines = Array.from({ length: 14 }, (_, i) => `Line ${i + 1} of a long question.`).join('\n');
		for (const n of [1, 2]) {
			await sendMessage(page, `Question ${n}\n${lines}`);
			await page.locator('article[data-role="assistant"][data-status="complete"]', { hasText: `Question ${n}` }).waitFor();
		}
		await page.waitForTimeout(300);
		await assertAtEnd(page, 'after the second reply');
		await page.context().close();
	});

	it('keeps the rows under the pointer while the list scrolls to follow the reply', async () => {
		const page = await openThreadWindow(stack());
		await sendMessage(page, '[[long:24000]] hit me while it streams');
		await followedPast(page, 2 * THREAD_WINDOW.height);
		// For 40 frames of following, the middle of the thread hits an element of a row, not the
		// scroller behind them. virtua marks its rows' container `pointer-events: none` while it
		// counts the list as scrolling; whether a given stream gets that mark depends on its
		// timing (a scrollToIndex still settling keeps it off), so every other frame sets the
		// mark itself, as virtua does, and the rows must take the pointer either way.
		const frames = await page.evaluate(
			(selector) =>
				new Promise<{ inRow: boolean; marked: boolean; moved: boolean }[]>((resolve) => {
					const scroller = document.querySelector<HTMLElement>(selector)!;
					const container = scroller.firstElementChild as HTMLElement;
					const out: { inRow: boolean; marked: boolean; moved: boolean }[] = [];
					let top = scroller.scrollTop;
					const frame = () => {
						if (out.length % 2 === 0) container.style.pointerEvents = 'none';
						const box = scroller.getBoundingClientRect();
						const target = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
						out.push({
							inRow: !!target && target !== container && container.contains(target),
							marked: container.style.pointerEvents === 'none',
							moved: scroller.scrollTop !== top
						});
						top = scroller.scrollTop;
						if (out.length < 40) requestAnimationFrame(frame);
						else resolve(out);
					};
					requestAnimationFrame(frame);
				}),
			THREAD_SCROLLER
		);
		assert.deepEqual(
			frames.filter((f) => !f.inRow),
			[],
			'a frame where the pointer fell through the rows'
		);
		assert.ok(frames.filter((f) => f.marked).length >= 20, 'the container was marked as scrolling');
		assert.ok(frames.some((f) => f.moved), 'the list did not move while these frames were sampled');
		await page.context().close();
	});

	it('opens a stored conversation at its end and keeps it there as its replies render and the view shrinks', async () => {
		const page = await openThreadWindow(stack());
		// Rendered (paragraphs, a list), each reply is taller than its raw text shown first.
		const reply = 'The first paragraph of a reply.\n\nA second one.\n\n- one\n- two\n- three\n\nThe last paragraph.';
		const id = await seedConversation(page, { count: 60, title: 'Opened at the end', contentAt: { 57: reply, 59: reply } });
		await page.goto(`/c/${id}`);
		await page.locator('article[data-role="assistant"]').last().locator('li', { hasText: 'three' }).waitFor();
		// The other reply's render and the frame that follows it.
		await page.waitForTimeout(600);
		await assertAtEnd(page, 'as the replies rendered');

		// Less room for the thread (a shorter window, as when a phone's keyboard opens): still the end.
		await page.setViewportSize({ width: THREAD_WINDOW.width, height: THREAD_WINDOW.height - 150 });
		await page.waitForTimeout(300);
		await assertAtEnd(page, 'when the window became shorter');
		await page.context().close();
	});

	it('keeps the end of a conversation ending in a long reply laid out on screen first, and follows the next reply', async () => {
		const page = await openThreadWindow(stack());
		// 8,000 characters of markdown: its blocks out of view skip layout and count 3em each
		// until they come near the view, so the row's height changes as it lays out (0046, 0048).
		const id = await seedConversation(page, { count: 40, title: 'Ends long', contentAt: { 39: sampleMessage(8_000) } });
		await page.goto(`/c/${id}`);
		const longReply = page.locator('article[data-role="assistant"]').last();
		await longReply.locator('.md-root.md-on-screen-first').waitFor();
		await page.waitForTimeout(600);
		await assertAtEnd(page, 'as the long reply rendered');

		// Scrolled away (the long row unmounts) and back: mounted again from its cached render.
		await wheelThread(page, 'top');
		await wheelThread(page, 'end');
		await page.locator('article[data-role="assistant"]').last().locator('.md-root.md-on-screen-first').waitFor();
		await page.waitForTimeout(600);
		await assertAtEnd(page, 'after the long reply was mounted again');

		// A new reply streams below it: followed, and the end is in view once it completes.
		const before = await scrollState(page);
		await sendMessage(page, '[[long:6000]] after the long one');
		await followedPast(page, before.height + before.viewport);
		await waitIdle(page);
		await page.waitForTimeout(300);
		await assertAtEnd(page, 'after the next reply');
		await page.context().close();
	});

	it('keeps the end in view when layout moves the view up as the last message changes size, nobody having scrolled', async () => {
		const page = await openThreadWindow(stack());
		// As a reply's final render replacing its streamed one did on CI: the row shrank for a
		// moment (the browser pulled the offset up to fit) and grew back taller. Here: the row
		// grows and, a frame after the list measured it, the offset moves up 200 px; the scroll
		// event finds the view moved up and short of the end. The reader did nothing.
		await growLastRowThenScroll(page, { by: -200, nextFrame: true });
		await assertAtEnd(page, 'after layout moved the view');
		await page.context().close();
	});

	it('keeps the end in view when the last message grows and a scroll event comes first, nobody having scrolled', async () => {
		const page = await openThreadWindow(stack());
		// The last message grows (an image loading, a block rendering), and once the list has
		// measured it a scroll event comes (the view moved down a pixel) before the next frame:
		// the view is short of the end then, but nobody scrolled up.
		await growLastRowThenScroll(page, { by: 1, nextFrame: false });
		await assertAtEnd(page, 'after the last message grew');
		await page.context().close();
	});
});

/**
 * Opens a stored conversation at its end, grows its last row 300 px and, once the list has
 * measured that, scrolls the view `by` px, at once or in the next frame; then waits 600 ms.
 */
async function growLastRowThenScroll(page: Page, scroll: { by: number; nextFrame: boolean }) {
	const id = await seedConversation(page, { count: 40, title: 'Changes at the end' });
	await page.goto(`/c/${id}`);
	await page.locator('article[data-role]').last().waitFor();
	await page.waitForTimeout(600);
	await assertAtEnd(page, 'after opening');
	await page.evaluate(
		({ selector, by, nextFrame }) => {
			const scroller = document.querySelector<HTMLElement>(selector)!;
			const rows = scroller.querySelectorAll('article[data-role]');
			const block = document.createElement('div');
			block.style.height = '300px';
			const move = () => (scroller.scrollTop += by);
			const observer = new ResizeObserver(() => {
				observer.disconnect();
				if (nextFrame) requestAnimationFrame(move);
				else move();
			});
			rows[rows.length - 1]!.append(block);
			observer.observe(block);
		},
		{ selector: THREAD_SCROLLER, ...scroll }
	);
	await page.waitForTimeout(600);
}

async function assertAtEnd(page: Page, when: string) {
	const end = await scrollState(page);
	assert.ok(end.height - end.top - end.viewport <= 2, `the end left the view ${when}: ${JSON.stringify(end)}`);
	const lastBelow = await page.evaluate((selector) => {
		const scroller = document.querySelector<HTMLElement>(selector)!;
		const rows = scroller.querySelectorAll('article[data-role]');
		return rows[rows.length - 1]!.getBoundingClientRect().bottom - scroller.getBoundingClientRect().bottom;
	}, THREAD_SCROLLER);
	assert.ok(lastBelow <= 1, `the last message ends ${lastBelow} px below the view ${when}`);
}
