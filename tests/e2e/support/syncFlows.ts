// Driving sync in the browser: two signed-in devices, the sidebar's sync button and its status.
import type { BrowserContext, Page } from 'playwright-core';
import { signIn, signUpAndVerify } from './accountFlows.ts';
import type { Stack } from './stack.ts';

/**
 * Two devices (browser contexts, each its own IndexedDB) signed in to one new account. Their
 * viewports are taller than the threads the tests make, so the virtualized list renders
 * every message.
 */
export async function twoDevices(stack: Stack, prefix: string): Promise<{ contextA: BrowserContext; contextB: BrowserContext; a: Page; b: Page }> {
	const email = `${prefix}-${Date.now().toString(36)}@example.test`;
	const contextA = await stack.newContext();
	const contextB = await stack.newContext();
	const a = await contextA.newPage();
	const b = await contextB.newPage();
	for (const page of [a, b]) await page.setViewportSize({ width: 1280, height: 2400 });
	await signUpAndVerify(a, stack.url, email);
	await signIn(b, email);
	await b.waitForURL('**/account');
	return { contextA, contextB, a, b };
}

export function syncButton(page: Page) {
	return page.getByRole('complementary', { name: 'Conversations' }).getByRole('button', { name: /^(Synced|Syncing|Offline|Sync failed|Not synced yet)/ });
}

/** Presses the sidebar's sync button until it reports everything synced. */
export async function syncUntilSynced(page: Page): Promise<void> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const button = syncButton(page);
		if (await button.isEnabled()) await button.click();
		try {
			await page.getByRole('button', { name: /^Synced\./ }).waitFor({ timeout: 1_500 });
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
		}
	}
}
