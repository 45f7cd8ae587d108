// Driving sync in the browser: the sidebar's sync button and its status.
import type { Page } from 'playwright-core';

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
