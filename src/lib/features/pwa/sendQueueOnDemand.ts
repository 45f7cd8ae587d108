// When queued messages are sent: as soon as the browser says it is online again, when the
// app opens, and when the service worker's Background Sync fires (Chromium wakes it once
// the network is back and it asks an open page to send). The sending itself
// (queueDelivery.ts, sendQueue.ts) loads only when a message waits or one is queued: most
// starts have an empty queue and never fetch it (decision 0022, round 4).
import type { MessageNode } from '../../core/conversationTree.ts';
import { afterOpening } from '../../core/nextTask.ts';
import type { QueuedMessage } from '../../db/database.ts';
import type { SendQueueHook } from '../chat/chatSession.svelte.ts';
import type { QueueDelivery, QueueDeliveryOptions } from './queueDelivery.ts';
import { OnUse } from '../../ui/onUse.svelte.ts';
import { SEND_QUEUE_FLUSH } from './swProtocol.ts';

export class QueueOnDemand {
	readonly #options: QueueDeliveryOptions;
	readonly #delivery: OnUse<QueueDelivery>;

	constructor(options: QueueDeliveryOptions) {
		this.#options = options;
		this.#delivery = new OnUse(async () => new (await import('./queueDelivery.ts')).QueueDelivery(options));
	}

	#online(): boolean {
		return this.#options.online?.() ?? navigator.onLine;
	}

	#load(): Promise<QueueDelivery> {
		return this.#delivery.load().catch((error: unknown) => {
			throw new Error(
				`Could not load what sending queued messages needs (${error instanceof Error ? error.message : String(error)}); your message was not queued. Try again.`,
				{ cause: error }
			);
		});
	}

	/** What chat sessions use to queue a message instead of sending it (QueueDelivery's hook). */
	readonly hook: SendQueueHook = {
		// Asked on every send: answered here, without loading the delivery.
		holds: async (conversationId, model) =>
			(!this.#online() && this.#options.needsNetwork(model)) ||
			(await this.#options.db.sendQueue.where('conversationId').equals(conversationId).count()) > 0,
		enqueue: async (node: MessageNode, model: string) => (await this.#load()).hook.enqueue(node, model),
		store: async (node: MessageNode) => (await this.#load()).hook.store(node),
		node: (queued: QueuedMessage) => {
			// Only a delivery (which loaded the module) hands a queued message to a session.
			const delivery = this.#delivery.value;
			if (!delivery) throw new Error('A queued message was sent before the send queue loaded.');
			return delivery.hook.node(queued);
		}
	};

	/** Sends what waits, oldest first; true when the queue is empty afterwards. */
	async flush(): Promise<boolean> {
		if (!this.#delivery.value) {
			// The start's check waits for the database's open and runs in a task after it, not in
			// the open's own task with every other query that waited (decision 0043).
			await afterOpening(this.#options.db);
			if ((await this.#options.db.sendQueue.count()) === 0) return true;
		}
		return (await this.#load()).flush();
	}

	/**
	 * Sends now when online, again whenever the browser comes back online, and when the
	 * service worker asks. Returns a function that stops listening.
	 */
	start(): () => void {
		const send = () =>
			this.flush().catch((error: unknown) => {
				console.warn('Queued messages could not be sent:', error);
				return false;
			});
		const onOnline = () => void send();
		const onMessage = (event: MessageEvent) => {
			if ((event.data as { type?: unknown } | null)?.type !== SEND_QUEUE_FLUSH) return;
			void send().then((done) => event.ports[0]?.postMessage({ done }));
		};
		window.addEventListener('online', onOnline);
		navigator.serviceWorker?.addEventListener('message', onMessage);
		if (this.#online()) void send();
		return () => {
			window.removeEventListener('online', onOnline);
			navigator.serviceWorker?.removeEventListener('message', onMessage);
		};
	}
}
