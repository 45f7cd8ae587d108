// The app's long-lived state: the database, the model catalog and the open chat sessions.
// One instance per tab, created on first use in the browser.
import { deleteConversation } from '../db/conversations.ts';
import { database, type AtriumDatabase, type Conversation, type QueuedMessage } from '../db/database.ts';
import { ChatSession } from './chat/chatSession.svelte.ts';
import { ModelCatalog } from './models/modelCatalog.svelte.ts';
import type { DeliveryResult } from './pwa/queueDelivery.ts';
import { QueueOnDemand } from './pwa/sendQueueOnDemand.ts';

export class Workspace {
	readonly db: AtriumDatabase;
	readonly catalog: ModelCatalog;
	/** Messages sent while offline, and when they go out. */
	readonly queue: QueueOnDemand;
	// Not reactive on purpose: pages ask for a session by id; nothing renders the map.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #sessions = new Map<string, ChatSession>();
	#draft: ChatSession | null = null;

	constructor(db: AtriumDatabase) {
		this.db = db;
		this.catalog = new ModelCatalog(db);
		this.queue = new QueueOnDemand({
			db,
			deliver: (queued) => this.#deliverQueued(queued),
			// An in-browser model answers offline; an unknown one is sent and fails with a clear message.
			needsNetwork: (key) => this.catalog.resolve(key)?.provider.source !== 'webllm'
		});
	}

	/** Sends a queued message through its conversation's session, once nothing streams there. */
	async #deliverQueued(queued: QueuedMessage): Promise<DeliveryResult> {
		const id = queued.conversationId;
		let session = this.#sessions.get(id);
		if (!session) {
			session = this.#newSession();
			session.loading = true;
			this.#sessions.set(id, session);
			await session.load(id);
		}
		while (session.loading) await pause(50);
		if (session.missing) {
			// Loaded already: only the queue's delivery (which imports it) calls this.
			const { dropQueuedFor } = await import('./pwa/sendQueue.ts');
			await dropQueuedFor(this.db, id);
			return 'dropped';
		}
		// The catalog reads the user's connections when the app starts; this may run before.
		for (let tries = 0; tries < 40 && !this.catalog.resolve(queued.model); tries++) await pause(50);
		await session.replyDone;
		return session.sendQueued(queued);
	}

	/** The session for a stored conversation, loaded on first use and kept while it streams. */
	session(id: string): ChatSession {
		let session = this.#sessions.get(id);
		if (!session) {
			session = this.#newSession();
			session.loading = true;
			this.#sessions.set(id, session);
			// Loading writes state, so it starts outside whatever reaction asked for the session.
			queueMicrotask(() => void session?.load(id));
		}
		return session;
	}

	/** A session for a chat not stored yet; it is stored with its first message. */
	draft(): ChatSession {
		this.#draft ??= this.#newSession();
		return this.#draft;
	}

	/**
	 * Stops any reply streaming into the conversation, deletes it with its messages, and
	 * drops its session, so the id reads as missing rather than from a stale memory copy.
	 */
	async deleteConversation(id: string): Promise<void> {
		this.#sessions.get(id)?.stop();
		await deleteConversation(this.db, id);
		this.#sessions.delete(id);
	}

	/** Re-reads open conversations that sync changed; one busy sending catches up after its reply. */
	async reloadChanged(ids: readonly string[]): Promise<void> {
		for (const id of ids) {
			const session = this.#sessions.get(id);
			if (session && !(await session.refresh())) void session.replyDone.then(() => session.refresh());
		}
	}

	#newSession(): ChatSession {
		return new ChatSession({
			db: this.db,
			queue: this.queue.hook,
			resolveModel: (key) => this.catalog.resolve(key),
			onCreated: (conversation: Conversation) => {
				const draft = this.#draft;
				if (draft) this.#sessions.set(conversation.id, draft);
				this.#draft = null;
			}
		});
	}
}

let instance: Workspace | undefined;

export function workspace(): Workspace {
	instance ??= new Workspace(database());
	return instance;
}

function pause(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
