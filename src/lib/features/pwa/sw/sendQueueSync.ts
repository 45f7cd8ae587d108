/// <reference lib="webworker" />
// Background Sync for the send queue. The page holds the providers, keys and streaming
// code, so the worker does not send by itself: woken when the network is back, it asks an
// open Atrium page to send (src/lib/features/pwa/queueDelivery.ts) and waits for the
// answer. If messages are still waiting afterwards, failing the event makes the browser
// try again later; with no page open, the next open sends them.
import { SEND_QUEUE_FLUSH, SEND_QUEUE_SYNC_TAG } from '../swProtocol.ts';

/** How long a page may take to send everything (replies stream) before the worker gives up. */
const FLUSH_TIMEOUT_MS = 4 * 60 * 1000;

/** `sync` events are not in TypeScript's worker types. */
interface SyncEvent extends ExtendableEvent {
	readonly tag: string;
}

export function listenForSendQueueSync(scope: ServiceWorkerGlobalScope): void {
	scope.addEventListener('sync', (event) => {
		const sync = event as SyncEvent;
		if (sync.tag === SEND_QUEUE_SYNC_TAG) sync.waitUntil(askPageToSend(scope));
	});
}

async function askPageToSend(scope: ServiceWorkerGlobalScope): Promise<void> {
	const pages = await scope.clients.matchAll({ type: 'window' });
	const page = pages.find((client) => client.focused) ?? pages[0];
	if (!page) return;
	const done = await new Promise<boolean>((resolve) => {
		const channel = new MessageChannel();
		const timer = setTimeout(() => resolve(false), FLUSH_TIMEOUT_MS);
		channel.port1.onmessage = (message: MessageEvent<{ done?: unknown }>) => {
			clearTimeout(timer);
			resolve(message.data.done === true);
		};
		page.postMessage({ type: SEND_QUEUE_FLUSH }, [channel.port2]);
	});
	if (!done) throw new Error('Queued messages are still waiting; the browser will try again.');
}
