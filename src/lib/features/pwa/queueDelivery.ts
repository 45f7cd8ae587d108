// How queued messages are sent (when: sendQueueOnDemand.ts, which loads this module only
// once a message waits or is queued). One tab sends at a time
// (a Web Lock), in queue order; a message whose reply fails for lack of network stops
// the run, and the rest wait for the next chance.
import type { MessageNode, MessageStatus } from '../../core/conversationTree.ts';
import type { AtriumDatabase, QueuedMessage } from '../../db/database.ts';
import type { SendQueueHook } from '../chat/chatSession.svelte.ts';
import { allQueued, enqueueMessage, queuedFor, queuedNode, storeQueued } from './sendQueue.ts';
import { SEND_QUEUE_SYNC_TAG } from './swProtocol.ts';

const LOCK = 'atrium-send-queue';

/** How a queued message fared: its reply's status, null if not sent now, 'dropped' if its conversation is gone. */
export type DeliveryResult = MessageStatus | null | 'dropped';

export interface QueueDeliveryOptions {
	db: AtriumDatabase;
	/** Sends one queued message through its conversation's session and waits for the reply. */
	deliver: (queued: QueuedMessage) => Promise<DeliveryResult>;
	/** Whether the model answers without a network (an in-browser model). */
	needsNetwork: (model: string) => boolean;
	online?: () => boolean;
}

/** The Background Sync part of a service worker registration (not in TypeScript's DOM types). */
interface SyncRegistration {
	sync?: { register(tag: string): Promise<void> };
}

export class QueueDelivery {
	readonly #options: QueueDeliveryOptions;
	#running: Promise<boolean> | null = null;

	constructor(options: QueueDeliveryOptions) {
		this.#options = options;
	}

	#online(): boolean {
		return this.#options.online?.() ?? navigator.onLine;
	}

	/** What chat sessions use to queue a message instead of sending it. */
	readonly hook: SendQueueHook = {
		holds: async (conversationId, model) =>
			(!this.#online() && this.#options.needsNetwork(model)) || (await queuedFor(this.#options.db, conversationId)).length > 0,
		enqueue: async (node, model) => {
			await enqueueMessage(this.#options.db, node, model);
			void requestBackgroundSync();
			// Queued behind others while online: send them all now, in order.
			if (this.#online()) void this.flush();
		},
		store: (node: MessageNode) => storeQueued(this.#options.db, node),
		node: (queued) => queuedNode(queued)
	};

	/**
	 * Sends what waits, oldest first. True when the queue is empty afterwards. A call while
	 * a run is going joins it; another tab's run makes this one return false at once.
	 */
	flush(): Promise<boolean> {
		this.#running ??= this.#run().finally(() => (this.#running = null));
		return this.#running;
	}

	async #run(): Promise<boolean> {
		const work = async (lock: unknown) => (lock === null ? false : this.#sendAll());
		if (typeof navigator === 'undefined' || !navigator.locks) return this.#sendAll();
		return navigator.locks.request(LOCK, { ifAvailable: true }, work);
	}

	async #sendAll(): Promise<boolean> {
		const { db, deliver } = this.#options;
		// Rows queued while this run sends are picked up by the next pass of the loop.
		for (;;) {
			const [next] = await allQueued(db);
			if (!next) return true;
			if (!this.#online()) return false;
			const result = await deliver(next);
			if (result === null) {
				// Not sent: cancelled meanwhile (gone from the queue: go on) or the session is busy.
				if (await db.sendQueue.get(next.id)) return false;
				continue;
			}
			const reply = result === 'dropped' ? undefined : await db.messages.get(next.replyId);
			// The network went again: the rest waits rather than failing one by one.
			if (result === 'error' && reply?.error?.code === 'network') return false;
		}
	}
}

/** Asks the browser to wake the service worker when the network is back (Chromium only). */
async function requestBackgroundSync(): Promise<void> {
	if (typeof navigator === 'undefined' || !navigator.serviceWorker) return;
	try {
		const registration = (await navigator.serviceWorker.getRegistration()) as (ServiceWorkerRegistration & SyncRegistration) | undefined;
		await registration?.sync?.register(SEND_QUEUE_SYNC_TAG);
	} catch {
		// No Background Sync (or permission refused): the online event and the next open still send.
	}
}
