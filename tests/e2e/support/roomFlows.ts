// Steps shared by the live-room e2e files: joining a room as a named guest and waiting for
// the connection to be live, and the room's messages by role.
import type { Page } from 'playwright-core';
import type { Stack } from './stack.ts';

export const live = (page: Page) => page.getByRole('status', { name: 'Connection: Live' }).waitFor();
export const roomReplies = (page: Page) => page.locator('article[data-role="assistant"]');
export const roomPrompts = (page: Page) => page.locator('article[data-role="user"]');

/** A new browser profile that opens a room link and joins it as the guest `name`, live. */
export async function joinAsGuest(stack: Stack, url: string, name: string): Promise<Page> {
	const page = await (await stack.newContext()).newPage();
	await page.goto(url);
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Join as guest' }).click();
	await live(page);
	return page;
}
