// Atrium on a phone (390×844, touch): bottom navigation instead of the sidebar, swipe a
// conversation to delete (with Undo) or archive (restored from Archived), a composer that
// stays above a shrunken viewport, 44 px touch targets, and the dark theme.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { seedConversation } from './support/seed.ts';
import { startStack, type Stack } from './support/stack.ts';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

let stack: Stack;
before(async () => {
	stack = await startStack({ withoutServerKeys: true });
});
after(async () => {
	await stack?.close();
});

async function openPhone(options: BrowserContextOptions = {}): Promise<Page> {
	const context = await stack.browser.newContext({ baseURL: stack.url, ...PHONE, ...options });
	context.setDefaultTimeout(15_000);
	const page = await context.newPage();
	await page.goto('/');
	await page.getByRole('textbox', { name: 'Message' }).waitFor();
	return page;
}

/** Seeds conversations (newest last), reloads, and opens the Chats panel. */
async function withChats(page: Page, titles: string[]): Promise<Locator> {
	for (const title of titles) await seedConversation(page, { count: 2, title });
	await page.reload();
	await nav(page).getByRole('button', { name: 'Chats' }).click();
	const list = page.getByTestId('conversation-list');
	await list.getByRole('link', { name: titles.at(-1) }).waitFor();
	return list;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const row = (list: Locator, title: string) => list.locator(`[data-testid="conversation-row"][data-title="${title}"]`);

/** A finger dragged across the row through Chromium's touch input. */
async function swipe(page: Page, target: Locator, direction: 'left' | 'right'): Promise<void> {
	const box = await target.boundingBox();
	assert.ok(box, 'the row is on screen');
	const y = box.y + box.height / 2;
	const from = direction === 'left' ? box.x + box.width - 20 : box.x + 20;
	const to = direction === 'left' ? box.x + 20 : box.x + box.width - 20;
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from, y }] });
	for (let step = 1; step <= 10; step++) {
		const x = from + ((to - from) * step) / 10;
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
	}
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await cdp.detach();
}

async function storedConversation(page: Page, title: string): Promise<{ archived?: boolean } | null> {
	return page.evaluate<{ archived?: boolean } | null, string>(
		(wanted) =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('atrium');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const all = open.result.transaction('conversations').objectStore('conversations').getAll();
					all.onsuccess = () => {
						open.result.close();
						resolve((all.result as { title: string; archived?: boolean }[]).find((c) => c.title === wanted) ?? null);
					};
				};
			}),
		title
	);
}

describe('mobile layout', () => {
	it('shows the bottom navigation instead of the sidebar, and every entry works', async () => {
		const page = await openPhone();
		assert.equal(await page.getByRole('complementary', { name: 'Conversations' }).isVisible(), false);
		const bar = nav(page);
		for (const name of ['Chats', 'Search', 'Settings', 'New chat']) {
			const box = await bar.getByRole(/Chats|New chat/.test(name) ? 'button' : 'link', { name }).boundingBox();
			assert.ok(box && box.height >= 44 && box.width >= 44, `${name} is a 44 px target`);
		}
		const barBox = await bar.boundingBox();
		assert.ok(barBox && Math.round(barBox.y + barBox.height) === 844, 'the bar sits at the bottom');

		await bar.getByRole('button', { name: 'Chats' }).click();
		await page.getByRole('complementary', { name: 'Conversations' }).waitFor();
		assert.equal(await bar.getByRole('button', { name: 'Chats' }).getAttribute('aria-expanded'), 'true');

		await bar.getByRole('link', { name: 'Search' }).click();
		await page.waitForURL(/\/search$/);
		assert.equal(await page.getByRole('complementary', { name: 'Conversations' }).isVisible(), false, 'navigating closes the panel');
		await bar.getByRole('link', { name: 'Settings' }).click();
		await page.waitForURL(/\/settings$/);
		assert.equal(await bar.getByRole('link', { name: 'Settings' }).getAttribute('aria-current'), 'page');
		await bar.getByRole('button', { name: 'New chat' }).click();
		await page.waitForURL(`${stack.url}/`);
		await page.getByRole('textbox', { name: 'Message' }).waitFor();
		await page.context().close();
	});

	it('deletes with a left swipe, and Undo brings the conversation back', async () => {
		const page = await openPhone();
		const list = await withChats(page, ['Keep me', 'Swipe me away']);
		const target = row(list, 'Swipe me away');
		assert.ok((await target.boundingBox())!.height >= 44, 'rows are 44 px targets');

		await swipe(page, target, 'left');
		await target.waitFor({ state: 'detached' });
		const toast = page.getByTestId('undo-toast');
		await toast.getByText('Deleted “Swipe me away”').waitFor();
		await toast.getByRole('button', { name: 'Undo' }).click();
		await target.waitFor();
		await toast.waitFor({ state: 'detached' });

		// Without Undo the deletion happens when the window closes.
		await swipe(page, target, 'left');
		await toast.waitFor();
		await toast.waitFor({ state: 'detached', timeout: 10_000 });
		await page.waitForFunction(
			() =>
				new Promise((resolve) => {
					const open = indexedDB.open('atrium');
					open.onsuccess = () => {
						const count = open.result.transaction('conversations').objectStore('conversations').count();
						count.onsuccess = () => {
							open.result.close();
							resolve(count.result === 1);
						};
					};
				})
		);
		assert.equal(await storedConversation(page, 'Swipe me away'), null);
		assert.ok(await storedConversation(page, 'Keep me'));
		await page.context().close();
	});

	it('archives with a right swipe and restores from Archived', async () => {
		const page = await openPhone();
		const list = await withChats(page, ['Old notes', 'Current work']);
		await swipe(page, row(list, 'Old notes'), 'right');
		await row(list, 'Old notes').waitFor({ state: 'detached' });
		await page.getByTestId('undo-toast').getByText('Archived “Old notes”').waitFor();
		assert.equal((await storedConversation(page, 'Old notes'))?.archived, true);

		await page.getByRole('button', { name: 'Archived', exact: true }).click();
		await row(list, 'Old notes').waitFor();
		assert.equal(await row(list, 'Current work').count(), 0, 'Archived shows only archived chats');
		await swipe(page, row(list, 'Old notes'), 'right');
		await page.getByTestId('undo-toast').getByText('Restored “Old notes”').waitFor();
		await list.getByText('Nothing archived').waitFor();

		await page.getByRole('button', { name: 'Chats', exact: true }).first().click();
		await row(list, 'Old notes').waitFor();
		assert.equal((await storedConversation(page, 'Old notes'))?.archived, false);
		await page.context().close();
	});

	it('keeps the composer above a visual viewport shrunk by the keyboard', async () => {
		const page = await openPhone();
		const box = page.getByRole('textbox', { name: 'Message' });
		await box.focus();
		// With interactive-widget=resizes-content the keyboard shrinks the viewport like this.
		await page.setViewportSize({ width: 390, height: 480 });
		await page.waitForFunction(() => window.visualViewport?.height === 480);
		const send = await page.getByRole('button', { name: 'Send' }).boundingBox();
		const composer = await box.boundingBox();
		const visible = await page.evaluate(() => window.visualViewport!.height);
		assert.ok(composer && send, 'the composer is on screen');
		assert.ok(send.y + send.height <= visible, `Send (bottom ${send.y + send.height}) is above the viewport edge ${visible}`);
		assert.ok(composer.y >= 0);
		assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Message');
		assert.equal(await nav(page).isVisible(), false, 'the bottom bar makes room while the keyboard is up');
		const viewportMeta = await page.locator('meta[name="viewport"]').getAttribute('content');
		assert.match(viewportMeta ?? '', /interactive-widget=resizes-content/);
		assert.match(viewportMeta ?? '', /viewport-fit=cover/);
		await page.context().close();
	});

	it('follows the system dark theme', async () => {
		const page = await openPhone({ colorScheme: 'dark' });
		const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
		assert.equal(background, 'rgb(15, 17, 21)');
		const navColor = await nav(page).evaluate((el) => getComputedStyle(el).backgroundColor);
		assert.equal(navColor, 'rgb(23, 26, 33)');
		const themeColor = await page.locator('meta[name="theme-color"][media="(prefers-color-scheme: dark)"]').getAttribute('content');
		assert.equal(themeColor, '#0f1115');
		await page.context().close();

		const light = await openPhone({ colorScheme: 'light' });
		assert.equal(await light.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(255, 255, 255)');
		await light.context().close();
	});
});
