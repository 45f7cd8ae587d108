// Sync between two devices of one user, in Chromium against `npm start`: two browser
// contexts (each its own IndexedDB) signed in to the same account. Nobody presses the sync
// button in the first test: a conversation made on one device shows on the other; both go
// offline, and each renames or reacts and writes a message (queued until the network is
// back); back online, both send, sync on their own and converge, each message once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { photo } from '../fixtures/documents.ts';
import { assistantMessages, pickModel, sendMessage, startStack, userMessages, waitIdle, type Stack } from './support/stack.ts';
import { syncButton, syncUntilSynced, twoDevices } from './support/syncFlows.ts';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

/**
 * The thread as rendered, in order: role and text of each message. The list is
 * virtualized (only messages near the viewport are in the DOM, and while it scrolls to
 * the newest message it drops the ones above), so pages in this file get a viewport
 * taller than the whole thread: every message renders, and this reads all of them.
 */
async function thread(page: Page): Promise<{ role: string; text: string }[]> {
	return page
		.locator('article[data-role]')
		.evaluateAll((articles) => articles.map((article) => ({ role: article.getAttribute('data-role') ?? '', text: article.textContent ?? '' })));
}

interface Stored {
	conversations: { id: string; title: string; currentLeafId?: string; messageCount: number }[];
	messages: { id: string; parentId: string | null; role: string; content: string; status: string; reaction?: string }[];
}

/** What the device stores (its IndexedDB), the fields a user sees, in id order. */
function stored(page: Page): Promise<Stored> {
	return page.evaluate(
		() =>
			new Promise<Stored>((done, fail) => {
				const open = indexedDB.open('atrium');
				open.onerror = () => fail(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const read = <T,>(name: string) =>
						new Promise<T[]>((ok, no) => {
							const all = db.transaction(name).objectStore(name).getAll();
							all.onsuccess = () => ok(all.result as T[]);
							all.onerror = () => no(all.error);
						});
					Promise.all([read<Stored['conversations'][number]>('conversations'), read<Stored['messages'][number]>('messages')])
						.then(([conversations, messages]) => {
							db.close();
							const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
							done({
								conversations: conversations.map(({ id, title, currentLeafId, messageCount }) => ({ id, title, currentLeafId, messageCount })).sort(byId),
								messages: messages.map(({ id, parentId, role, content, status, reaction }) => ({ id, parentId, role, content, status, reaction })).sort(byId)
							});
						}, fail);
				};
			})
	);
}

/** Waits, pressing nothing, until the sync button says everything is synced and nothing waits. */
async function syncedOnItsOwn(page: Page, timeout = 20_000): Promise<void> {
	await page
		.getByRole('complementary', { name: 'Conversations' })
		.getByRole('button', { name: /^Synced\. Last synced [^.]*\. Press to sync now\.$/ })
		.waitFor({ timeout });
}

/** The page shows the path through the message written offline on `device`, each message once. */
async function showsBranch(page: Page, device: string, timeout?: number): Promise<void> {
	await assistantMessages(page).filter({ hasText: `Echo: Added offline on ${device}` }).waitFor({ timeout });
	await page.getByRole('button', { name: 'Rename conversation: Renamed while offline' }).waitFor();
	const turns = await thread(page);
	const expected = [
		['user', 'Plan the trip'],
		['assistant', 'Echo: Plan the trip'],
		['user', `Added offline on ${device}`],
		['assistant', `Echo: Added offline on ${device}`]
	];
	assert.deepEqual(
		turns.map((turn, i) => turn.role === expected[i]?.[0] && turn.text.includes(expected[i][1]!)),
		expected.map(() => true),
		JSON.stringify(turns)
	);
}

const queued = (page: Page) => page.getByTestId('send-queue').locator('article[data-status="queued"]');

describe('sync across devices', () => {
	it('two devices of one user, nobody pressing sync: shows up on the other, and messages both write offline converge, each once', async () => {
		const { contextA, contextB, a, b } = await twoDevices(stack, 'sync');

		// Device A starts a conversation and pushes it by itself; device B pulls it when it opens.
		await a.goto('/');
		await pickModel(a, 'gpt-4o-mini');
		await sendMessage(a, 'Plan the trip');
		await assistantMessages(a).filter({ hasText: 'Echo: Plan the trip' }).waitFor();
		await waitIdle(a);
		await a.waitForURL('**/c/*');
		const path = new URL(a.url()).pathname;
		const conversationId = path.split('/').pop();
		await syncedOnItsOwn(a);

		await b.goto('/');
		await b.locator(`a[href="${path}"]`).click();
		await assistantMessages(b).filter({ hasText: 'Echo: Plan the trip' }).waitFor();
		assert.equal(await userMessages(b).count(), 1);
		await pickModel(b, 'gpt-4o-mini');
		await syncedOnItsOwn(b);

		// Each app works offline once its service worker controls the page (as after any earlier visit).
		for (const page of [a, b]) await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });

		// A loses its network for a moment and reacts 👎: the change waits; once back online A
		// pushes it at once (the online event), long before the 30 s interval.
		await contextA.setOffline(true);
		await syncButton(a).filter({ hasText: 'Offline' }).waitFor();
		await assistantMessages(a).getByRole('button', { name: 'Bad response' }).click();
		await a.getByRole('complementary', { name: 'Conversations' }).getByRole('button', { name: /^Offline\. .* 1 change waiting to sync\./ }).waitFor();
		// The push the change asks for (half a second later) finds no network; only coming
		// back online sends it now.
		await a.waitForTimeout(1_500);
		await contextA.setOffline(false);
		await syncedOnItsOwn(a, 5_000);

		// Both go offline. A renames the conversation and writes a message; B reacts 👍 and
		// writes one. With no network the messages wait in each device's send queue.
		await contextA.setOffline(true);
		await contextB.setOffline(true);
		await syncButton(a).filter({ hasText: 'Offline' }).waitFor();
		await syncButton(b).filter({ hasText: 'Offline' }).waitFor();
		await a.getByRole('button', { name: /^Rename conversation/ }).click();
		await a.getByRole('textbox', { name: 'Conversation title' }).fill('Renamed while offline');
		await a.getByRole('textbox', { name: 'Conversation title' }).press('Enter');
		await a.getByRole('button', { name: 'Rename conversation: Renamed while offline' }).waitFor();
		await sendMessage(a, 'Added offline on A');
		await queued(a).filter({ hasText: 'Added offline on A' }).waitFor();

		await b.getByRole('button', { name: 'Good response' }).click();
		await sendMessage(b, 'Added offline on B');
		await queued(b).filter({ hasText: 'Added offline on B' }).waitFor();
		// Still offline: each says its change waits.
		for (const page of [a, b]) {
			await syncButton(page).filter({ hasText: 'Offline' }).waitFor();
			assert.match((await syncButton(page).getAttribute('aria-label')) ?? '', /Offline: changes stay on this device[^]* waiting to sync\./);
		}

		// Back online: each device sends its queued message and gets its reply, then both
		// sync on their own (the one that synced first hears of the other's reply at its
		// next interval, 30 s). Nobody presses anything. (Which branch a page shows is synced
		// too, so a page may switch to the other device's branch meanwhile: wait on storage.)
		await contextA.setOffline(false);
		await contextB.setOffline(false);
		const deadline = Date.now() + 90_000;
		let seen: [Stored, Stored];
		for (;;) {
			seen = [await stored(a), await stored(b)];
			const settled = seen[0].messages.length === 6 && seen[0].messages.every((m) => m.status === 'complete');
			if (settled && JSON.stringify(seen[0]) === JSON.stringify(seen[1])) break;
			assert.ok(Date.now() < deadline, `the devices did not converge on their own: ${JSON.stringify(seen)}`);
			await a.waitForTimeout(500);
		}

		// Both store the same conversation: renamed, and each message once, the two written
		// offline as two branches after the first reply (they were written concurrently).
		const [same] = seen;
		assert.deepEqual(same.conversations.map((c) => [c.id, c.title, c.messageCount]), [[conversationId, 'Renamed while offline', 6]]);
		const texts = same.messages.map((m) => `${m.role}: ${m.content}`).sort();
		assert.deepEqual(texts, [
			'assistant: Echo: Added offline on A',
			'assistant: Echo: Added offline on B',
			'assistant: Echo: Plan the trip',
			'user: Added offline on A',
			'user: Added offline on B',
			'user: Plan the trip'
		]);
		const byContent = (content: string) => same.messages.find((m) => m.content === content);
		const firstReply = byContent('Echo: Plan the trip');
		assert.equal(firstReply?.reaction, 'up');
		assert.equal(byContent('Added offline on A')?.parentId, firstReply?.id);
		assert.equal(byContent('Added offline on B')?.parentId, firstReply?.id);
		const current = same.messages.find((m) => m.id === same.conversations[0]?.currentLeafId);
		assert.match(current?.content ?? '', /^Echo: Added offline on [AB]$/);
		const [shown, other] = current?.content.endsWith('A') ? (['A', 'B'] as const) : (['B', 'A'] as const);

		// What each open page shows, live, and again after a reload.
		for (const page of [a, b]) {
			for (const reloaded of [false, true]) {
				if (reloaded) await page.reload();
				await showsBranch(page, shown);
				const reply = assistantMessages(page).filter({ hasText: 'Echo: Plan the trip' });
				assert.equal(await reply.getByRole('button', { name: 'Good response' }).getAttribute('aria-pressed'), 'true');
				// One fork, at the first message after the first reply: two branches.
				assert.deepEqual(await page.getByLabel(/^Branch \d of \d$/).allInnerTexts(), [await page.getByLabel(/^Branch [12] of 2$/).innerText()]);
				assert.equal(await queued(page).count(), 0);
				await syncedOnItsOwn(page);
			}
		}

		// The other device's message is the other branch, once. Which branch is shown syncs
		// too: B follows when A switches (at B's next sync, within the 30 s interval).
		await a.getByRole('button', { name: /^(Next|Previous) branch$/ }).and(a.locator(':enabled')).click();
		await showsBranch(a, other);
		await showsBranch(b, other, 45_000);
		await contextA.close();
		await contextB.close();
	});

	it('an image attached on one device shows on the other: its thumbnail (a failed download retried), then the full image', async () => {
		const { contextA, contextB, a, b } = await twoDevices(stack, 'blobs');

		await a.goto('/');
		await pickModel(a, 'gpt-4o');
		const jpeg = await photo(a, 1600, 1200, 'image/jpeg', 5);
		await a.locator('[data-testid="attach-input"]').setInputFiles([{ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
		// Compressing a photo in a worker: generous on a loaded machine.
		await a.getByRole('list', { name: 'Attachments' }).locator('li', { hasText: 'harbour.jpg' }).and(a.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
		await sendMessage(a, 'Look at photo-sync-1');
		await assistantMessages(a).filter({ hasText: 'Echo: Look at photo-sync-1' }).waitFor({ timeout: 60_000 });
		await waitIdle(a);
		await a.waitForURL('**/c/*');
		const path = new URL(a.url()).pathname;
		await syncUntilSynced(a);

		// Device B's first downloads fail (the blob store answers 503); Retry fetches the thumbnail.
		let storeDown = true;
		await b.route('**/api/sync/blobs/*', async (route) => {
			if (!storeDown || route.request().method() !== 'GET') return route.fallback();
			await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'The blob store is down for a moment.' } }) });
		});
		await b.goto('/');
		await syncUntilSynced(b);
		await b.locator(`a[href="${path}"]`).click();
		const sent = userMessages(b).filter({ hasText: 'photo-sync-1' });
		await sent.getByRole('alert').filter({ hasText: 'Could not download “harbour.jpg”: The blob store is down for a moment.' }).waitFor();
		storeDown = false;
		await sent.getByRole('button', { name: 'Retry downloading harbour.jpg' }).click();
		const thumbnail = sent.getByRole('button', { name: 'Open image harbour.jpg' }).locator('img');
		await thumbnail.waitFor();
		assert.equal(await thumbnail.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)), 256);

		// The full image is downloaded when opened, and is then on this device.
		await sent.getByRole('button', { name: 'Open image harbour.jpg' }).click();
		const full = b.getByTestId('full-image');
		await full.waitFor();
		const size = await full.evaluate(async (img: HTMLImageElement) => {
			await img.decode();
			return { width: img.naturalWidth, height: img.naturalHeight };
		});
		assert.deepEqual(size, { width: 1600, height: 1200 });
		await b.keyboard.press('Escape');
		storeDown = true;
		await sent.getByRole('button', { name: 'Open image harbour.jpg' }).click();
		await full.waitFor();
		assert.equal(await full.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)), 1600);
		await contextA.close();
		await contextB.close();
	});
});
