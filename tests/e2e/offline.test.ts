// Offline: once Atrium has been opened, it opens again with no network, and the
// conversations stored in IndexedDB are all there. Messages sent offline wait in a queue
// (kept across reloads, cancellable) and go out in order when the network is back; the
// model picker still lists the server's models from the service worker's cache.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { assistantMessages, pickModel, sendMessage, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
before(async () => {
	stack = await startStack();
});
after(async () => {
	await stack?.close();
});

const queuedMessages = (page: Page) => page.getByTestId('send-queue').locator('article[data-status="queued"]');

/** Chat requests (not title requests) whose last user message is `text`. */
function chatRequestsFor(text: string): number {
	return stack.openai.requests.filter((r) => {
		const body = r.body as { messages?: { role: string; content: unknown }[]; max_tokens?: number };
		if (!r.path.endsWith('/chat/completions') || body.max_tokens !== undefined) return false;
		return body.messages?.filter((m) => m.role === 'user').at(-1)?.content === text;
	}).length;
}

async function controlledChat(context: BrowserContext): Promise<Page> {
	const page = await context.newPage();
	await page.goto('/');
	await pickModel(page, 'gpt-4o-mini');
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });
	return page;
}

/**
 * Waits until the queue is empty and each text was sent exactly once and answered, then
 * reloads: the thread is read back from IndexedDB, with nothing left queued.
 */
async function delivered(page: Page, texts: string[]): Promise<void> {
	await queuedMessages(page).first().waitFor({ state: 'detached', timeout: 60_000 });
	const deadline = Date.now() + 60_000;
	while (texts.some((text) => chatRequestsFor(text) === 0) && Date.now() < deadline) await page.waitForTimeout(200);
	await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 60_000 });
	await page.reload();
	for (const text of texts) {
		await assistantMessages(page).filter({ hasText: `Echo: ${text}` }).waitFor();
		assert.equal(chatRequestsFor(text), 1, text);
	}
	assert.equal(await queuedMessages(page).count(), 0);
}

/** Drops the app's own IndexedDB copy of the model lists. */
function forgetModelLists(page: Page): Promise<void> {
	return page.evaluate(
		() =>
			new Promise<void>((done, fail) => {
				const open = indexedDB.open('atrium');
				open.onsuccess = () => {
					const clear = open.result.transaction('modelLists', 'readwrite').objectStore('modelLists').clear();
					clear.onsuccess = () => done();
					clear.onerror = () => fail(clear.error);
				};
				open.onerror = () => fail(open.error);
			})
	);
}

async function exchange(page: Page, text: string): Promise<void> {
	await sendMessage(page, text);
	await assistantMessages(page).filter({ hasText: `Echo: ${text}` }).waitFor();
	await page.getByRole('button', { name: 'Send' }).waitFor();
}

describe('offline', () => {
	it('reopens with no network, queues what is sent, keeps the queue across a reload and sends it in order when back online', async () => {
		const context = await stack.newContext();
		context.setDefaultTimeout(45_000);
		const page = await controlledChat(context);
		await exchange(page, 'Saved for the plane');
		const url = page.url();

		await context.setOffline(true);
		await page.reload();
		await assistantMessages(page).filter({ hasText: 'Echo: Saved for the plane' }).waitFor();
		await page.goto('/');
		await page.getByTestId('conversation-list').getByRole('link', { name: /Saved for the plane|Chat about/ }).click();
		await page.waitForURL(url);

		// Sent offline: stored at once, marked as waiting, and the box is free for the next.
		await sendMessage(page, 'First with no network');
		await queuedMessages(page).filter({ hasText: 'First with no network' }).waitFor();
		assert.match(await queuedMessages(page).first().innerText(), /Queued — will send when online/);
		assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), '');
		await sendMessage(page, 'Second with no network');
		await queuedMessages(page).nth(1).waitFor();

		await page.reload();
		await queuedMessages(page).nth(1).waitFor();
		assert.deepEqual(await queuedMessages(page).locator('.user-text').allInnerTexts(), ['First with no network', 'Second with no network']);
		assert.equal(chatRequestsFor('First with no network'), 0);

		await context.setOffline(false);
		await delivered(page, ['First with no network', 'Second with no network']);
		// The list is virtualized: compare the positions of the replies it renders.
		const replies = await assistantMessages(page).allInnerTexts();
		const [first, second] = ['Echo: First with no network', 'Echo: Second with no network'].map((text) =>
			replies.findIndex((reply) => reply.includes(text))
		);
		assert.ok(first! >= 0 && second === first! + 1, `replies out of order: ${replies.join(' | ')}`);
		// The second request carried the first exchange: answered in order, as one thread.
		assert.equal(await page.getByRole('button', { name: 'Next branch' }).count(), 0);
		await context.close();
	});

	it('a new chat started offline is kept, and a cancelled message is never sent', async () => {
		const context = await stack.newContext();
		context.setDefaultTimeout(45_000);
		const page = await controlledChat(context);
		await context.setOffline(true);
		await sendMessage(page, 'Start of an offline chat');
		await page.waitForURL(/\/c\/[\w-]+$/);
		await queuedMessages(page).filter({ hasText: 'Start of an offline chat' }).waitFor();
		// Queuing asked the browser for a Background Sync once the network is back.
		const tags = await page.evaluate(async () => {
			const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } };
			return registration.sync.getTags();
		});
		assert.deepEqual(tags, ['atrium-send-queue']);
		await sendMessage(page, 'Changed my mind');
		const cancelled = queuedMessages(page).filter({ hasText: 'Changed my mind' });
		await cancelled.getByRole('button', { name: /Cancel queued message/ }).click();
		await cancelled.waitFor({ state: 'detached' });

		await context.setOffline(false);
		await delivered(page, ['Start of an offline chat']);
		assert.equal(chatRequestsFor('Changed my mind'), 0);
		await context.close();
	});

	it('Background Sync: the service worker’s sync event has an open page send what waits', async () => {
		const context = await stack.newContext();
		context.setDefaultTimeout(45_000);
		const page = await controlledChat(context);
		await exchange(page, 'Online before the sync');
		// A message waiting while the page is online and nothing else would send it (as when
		// the online event was missed), written straight to IndexedDB; then the sync event
		// Chromium fires when the network returns.
		await page.evaluate(
			({ content }) =>
				new Promise<void>((done, fail) => {
					const open = indexedDB.open('atrium');
					open.onerror = () => fail(open.error);
					open.onsuccess = () => {
						const db = open.result;
						const conversationId = location.pathname.split('/').pop()!;
						const read = db.transaction('conversations').objectStore('conversations').get(conversationId);
						read.onsuccess = () => {
							const add = db.transaction('sendQueue', 'readwrite').objectStore('sendQueue').add({
								id: crypto.randomUUID(),
								conversationId,
								parentId: (read.result as { currentLeafId: string }).currentLeafId,
								content,
								model: document.querySelector<HTMLSelectElement>('select[aria-label="Model"]')!.value,
								replyId: crypto.randomUUID(),
								queuedAt: Date.now()
							});
							add.onsuccess = () => done();
							add.onerror = () => fail(add.error);
						};
					};
				}),
			{ content: 'Sent by the sync event' }
		);
		await page.waitForTimeout(1000);
		assert.equal(chatRequestsFor('Sent by the sync event'), 0);

		const cdp = await context.newCDPSession(page);
		const registrationId = new Promise<string>((resolve) => {
			cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }: { registrations: { registrationId: string; isDeleted: boolean }[] }) => {
				const live = registrations.find((r) => !r.isDeleted);
				if (live) resolve(live.registrationId);
			});
		});
		await cdp.send('ServiceWorker.enable');
		await cdp.send('ServiceWorker.dispatchSyncEvent', {
			origin: stack.url,
			registrationId: await registrationId,
			tag: 'atrium-send-queue',
			lastChance: false
		});
		await delivered(page, ['Sent by the sync event']);
		await context.close();
	});

	it('the model picker lists the server’s models offline from the service worker’s cache', async () => {
		const context = await stack.newContext();
		context.setDefaultTimeout(45_000);
		const page = await controlledChat(context);
		// The app keeps its own copy of a list for ten minutes; without it (expired, as after a
		// long flight), the list comes through the worker: once online to fill its cache, then offline.
		await forgetModelLists(page);
		await page.reload();
		await pickModel(page, 'gpt-4o-mini');
		await page.waitForFunction(async () => (await (await caches.open('atrium-models')).keys()).length > 0);
		await forgetModelLists(page);
		await context.setOffline(true);
		await page.reload();
		await pickModel(page, 'gpt-4o-mini');
		const options = await page.getByRole('combobox', { name: 'Model' }).locator('option').allInnerTexts();
		assert.ok(options.some((label) => label.includes('gpt-4o')), `no server models offline: ${options.join(', ')}`);
		await context.close();
	});
});
