// Web Push in Chromium: a push message (delivered to the service worker through CDP, as
// there is no push service offline) shows a notification, and a click on it takes the open
// window to the conversation it is about. Settings offers notifications once the server
// has VAPID keys. Subscribing needs Chromium's push service (FCM), which this machine cannot
// reach; the edge tests cover registering and sending (workers/edge/src/push/).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { assistantMessages, pickModel, sendMessage, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
before(async () => {
	const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
	const publicKey = Buffer.from(await crypto.subtle.exportKey('raw', pair.publicKey)).toString('base64url');
	const { d } = await crypto.subtle.exportKey('jwk', pair.privateKey);
	stack = await startStack({ env: { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: d, VAPID_SUBJECT: 'mailto:ops@example.test' } });
});
after(async () => {
	await stack?.close();
});

/** What the code evaluated in the worker uses of its scope (tests/tsconfig has no worker types). */
interface WorkerScope {
	registration: { getNotifications(): Promise<{ title: string; body: string; data: unknown }[]> };
	dispatchEvent(event: Event): boolean;
}
declare const NotificationEvent: new (type: string, init: { notification: unknown }) => Event;

interface ShownNotification {
	title: string;
	body: string;
	data: { url: string; kind: string };
}

async function serviceWorker(context: BrowserContext): Promise<Worker> {
	return context.serviceWorkers()[0] ?? context.waitForEvent('serviceworker');
}

/** Dispatches a push event to the page's service worker, as the push service would. */
async function deliverPush(context: BrowserContext, page: Page, data: string): Promise<void> {
	const cdp = await context.newCDPSession(page);
	const registrationId = new Promise<string>((resolve) => {
		cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }: { registrations: { registrationId: string; isDeleted: boolean }[] }) => {
			const live = registrations.find((r) => !r.isDeleted);
			if (live) resolve(live.registrationId);
		});
	});
	await cdp.send('ServiceWorker.enable');
	await cdp.send('ServiceWorker.deliverPushMessage', { origin: stack.url, registrationId: await registrationId, data });
}

function shownNotifications(worker: Worker): Promise<ShownNotification[]> {
	return worker.evaluate(async () => {
		const scope = self as unknown as WorkerScope;
		return (await scope.registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, data: n.data as ShownNotification['data'] }));
	});
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(value)}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe('push notifications', () => {
	it('a push message shows a notification, and clicking it opens that conversation', async () => {
		const context = await stack.newContext();
		context.setDefaultTimeout(45_000);
		await context.grantPermissions(['notifications'], { origin: stack.url });
		const page = await context.newPage();
		await page.goto('/');
		await pickModel(page, 'gpt-4o-mini');
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });
		await sendMessage(page, 'Make me a lighthouse');
		await assistantMessages(page).filter({ hasText: 'Echo: Make me a lighthouse' }).waitFor();
		await page.waitForURL(/\/c\/[\w-]+$/);
		// Idle: the reply is stored in full before the page goes elsewhere.
		await page.getByRole('button', { name: 'Send' }).waitFor();
		const conversation = new URL(page.url()).pathname;
		await page.goto('/settings');

		const worker = await serviceWorker(context);
		// Data that does not follow the protocol shows nothing.
		await deliverPush(context, page, 'not json');
		await deliverPush(context, page, JSON.stringify({ kind: 'image_job', title: 'Evil', url: 'https://evil.example/' }));
		const payload = { kind: 'image_job', title: 'Your image is ready', body: 'A lighthouse at dusk', url: conversation };
		await deliverPush(context, page, JSON.stringify(payload));
		const [shown, ...others] = await until(() => shownNotifications(worker), (list) => list.length > 0);
		assert.deepEqual(others, []);
		assert.deepEqual(shown, { title: payload.title, body: payload.body, data: { url: conversation, kind: 'image_job' } });

		// Chromium offers no way to click a notification from a test: the worker gets the same
		// event a click raises, for the notification it showed.
		await worker.evaluate(async () => {
			const scope = self as unknown as WorkerScope;
			const [notification] = await scope.registration.getNotifications();
			scope.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
		});
		await page.waitForURL((url) => url.pathname === conversation);
		await assistantMessages(page).filter({ hasText: 'Echo: Make me a lighthouse' }).waitFor();
		await until(() => shownNotifications(worker), (list) => list.length === 0);
		await context.close();
	});

	it('Settings offers notifications for each kind once the server has VAPID keys', async () => {
		const context = await stack.newContext();
		context.setDefaultTimeout(45_000);
		const page = await context.newPage();
		await page.goto('/settings');
		const section = page.getByTestId('push-settings');
		await section.getByRole('button', { name: 'Turn on notifications' }).waitFor();
		for (const label of ['A new message in a room', 'An image finished generating', 'A transcription finished', 'A query finished']) {
			assert.equal(await section.getByRole('checkbox', { name: new RegExp(label) }).isChecked(), true, label);
		}
		// Choosing works before subscribing, and is remembered on this device.
		await section.getByRole('checkbox', { name: /A query finished/ }).uncheck();
		await page.reload();
		await section.getByRole('button', { name: 'Turn on notifications' }).waitFor();
		assert.equal(await section.getByRole('checkbox', { name: /A query finished/ }).isChecked(), false);
		await context.close();
	});
});
