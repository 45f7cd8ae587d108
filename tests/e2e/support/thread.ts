// The set-up the thread's scrolling tests share: one stack for the test file, and a chat
// in a window a long thread overflows, with the selector of the thread's scroller.
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { openChat, startStack, type Stack } from './stack.ts';

/** The virtualized list's scroller (VList's root, inside the thread). */
export const THREAD_SCROLLER = '[role="log"][aria-label="Messages"] > div';

/** The window the thread tests use: a few messages fill it. */
export const THREAD_WINDOW = { width: 900, height: 700 } as const;

/** Starts the stack before the file's tests and closes it after them; call inside no test. */
export function stackForFile(): () => Stack {
	let stack: Stack | undefined;
	before(async () => {
		stack = await startStack();
	});
	after(async () => {
		await stack?.close();
	});
	return () => {
		if (!stack) throw new Error('The stack is used before it started.');
		return stack;
	};
}

/** A new profile on the home page, a model picked, in THREAD_WINDOW. */
export async function openThreadWindow(stack: Stack): Promise<Page> {
	const page = await openChat(stack);
	await page.setViewportSize(THREAD_WINDOW);
	return page;
}

/** Scrolls the thread to its top or end with the mouse wheel, as a reader does. */
export async function wheelThread(page: Page, where: 'top' | 'end'): Promise<void> {
	const box = await page.locator(THREAD_SCROLLER).boundingBox();
	if (!box) throw new Error('The thread is not on the page.');
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.wheel(0, where === 'top' ? -1e7 : 1e7);
	await page.waitForTimeout(100);
}
