// The search service the worker exposes: keeps a MessageIndex in step with the app's
// IndexedDB and answers queries. On start it restores the stored index and catches up
// with what changed meanwhile (or builds from scratch); then it follows Dexie's
// `storagemutated` events, which reach a worker from every tab of the app.
import { Dexie, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { MessageNode } from '../../core/conversationTree.ts';
import type { AtriumDatabase, Conversation } from '../../db/database.ts';
import { MessageIndex, type ConversationMeta } from './messageIndex.ts';
import { Searcher } from './searcher.ts';
import type { SnapshotStore } from './snapshotStore.ts';
import type { SearchApi, SearchFacets, SearchRequest, SearchResponse, SearchStatus } from './types.ts';

export interface SearchServiceOptions {
	db: AtriumDatabase;
	store: SnapshotStore;
	/** Messages read per IndexedDB request while building or catching up. */
	chunkSize?: number;
	/**
	 * Shortest and longest wait between a change and writing the index back; a write also
	 * waits until no search came for the shortest wait.
	 */
	minSaveDelayMs?: number;
	maxSaveDelayMs?: number;
}

interface Changes {
	messages: Set<string>;
	conversations: Set<string>;
	/** A range was touched (a clear, a bulk delete): look at everything. */
	everything: boolean;
}

const conversationMeta = (c: Conversation): ConversationMeta => ({ id: c.id, title: c.title, model: c.model, updatedAt: c.updatedAt });

/** Lets queued calls (a search while building) run between chunks. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Adds the single keys of `tree` to `keys`; false when it holds a range of keys. */
function collectKeys(tree: IntervalTree | undefined, keys: Set<string>): boolean {
	if (!tree || !('from' in tree)) return true;
	if (tree.from !== tree.to || typeof tree.from !== 'string') return false;
	keys.add(tree.from);
	return collectKeys(tree.l ?? undefined, keys) && collectKeys(tree.r ?? undefined, keys);
}

export class SearchService implements SearchApi {
	readonly #db: AtriumDatabase;
	readonly #store: SnapshotStore;
	readonly #chunkSize: number;
	readonly #minSaveDelayMs: number;
	readonly #maxSaveDelayMs: number;
	#index = new MessageIndex();
	readonly #searcher: Searcher;
	#status: SearchStatus = { state: 'starting', indexed: 0, total: 0, restored: false };
	#started: Promise<SearchStatus> | null = null;
	/** Index writes, one after another, in the order the changes happened. */
	#queue: Promise<void> = Promise.resolve();
	#unsaved = 0;
	#saved = 0;
	#saveTimer: ReturnType<typeof setTimeout> | null = null;
	#lastSaveMs = 0;
	#lastSearchAt = 0;

	constructor(options: SearchServiceOptions) {
		this.#db = options.db;
		this.#store = options.store;
		this.#chunkSize = options.chunkSize ?? 2_000;
		this.#minSaveDelayMs = options.minSaveDelayMs ?? 10_000;
		this.#maxSaveDelayMs = options.maxSaveDelayMs ?? 300_000;
		this.#searcher = new Searcher(this.#index, async (ids) => {
			const rows = await this.#db.messages.bulkGet(ids);
			return rows.map((row) => row?.content);
		});
	}

	start(): Promise<SearchStatus> {
		this.#started ??= this.#start();
		return this.#started;
	}

	status(): SearchStatus {
		return { ...this.#status };
	}

	/** Changes not written back yet, and index writes so far (for tests and the bench). */
	get persistence(): { unsaved: number; saves: number } {
		return { unsaved: this.#unsaved, saves: this.#saved };
	}

	async search(request: SearchRequest): Promise<SearchResponse> {
		void this.start();
		this.#lastSearchAt = Date.now();
		return this.#searcher.search(request);
	}

	facets(): SearchFacets {
		return { models: this.#index.models() };
	}

	/** Writes the index back now (tests, and before a planned shutdown). */
	async flush(): Promise<void> {
		await this.#enqueue(() => this.#save());
	}

	/** Waits until every change seen so far is in the index. */
	settled(): Promise<void> {
		return this.#enqueue(async () => undefined);
	}

	/** Stops following changes. */
	dispose(): void {
		Dexie.on.storagemutated.unsubscribe(this.#onMutated);
		if (this.#saveTimer) clearTimeout(this.#saveTimer);
		this.#saveTimer = null;
	}

	async #start(): Promise<SearchStatus> {
		// Listen first: what changes while the index loads is applied right after.
		Dexie.on('storagemutated', this.#onMutated);
		await this.#enqueue(async () => {
			try {
				this.#status = { state: 'loading', indexed: 0, total: 0, restored: false };
				const restored = await this.#restore();
				if (restored) {
					this.#use(restored);
					await this.#catchUp();
				} else {
					await this.#build();
				}
				const indexed = this.#index.messageCount;
				this.#status = { state: 'ready', indexed, total: indexed, restored: restored !== null };
				// A rebuild is written back at once (after `ready`): the next start is then quick.
				if (!restored) void this.#enqueue(() => this.#save());
			} catch (error) {
				this.#status = { ...this.#status, state: 'failed', error: error instanceof Error ? error.message : String(error) };
			}
		});
		return this.status();
	}

	/** The stored index, or null when there is none or it cannot be read (it is rebuilt). */
	async #restore(): Promise<MessageIndex | null> {
		try {
			const json = await this.#store.load();
			return json ? MessageIndex.fromJSON(json) : null;
		} catch {
			return null;
		}
	}

	#enqueue(work: () => Promise<void>): Promise<void> {
		const next = this.#queue.then(work);
		this.#queue = next.catch(() => undefined);
		return next;
	}

	#use(index: MessageIndex): void {
		this.#index = index;
		this.#searcher.changed(index);
	}

	/** Indexes every conversation and message, a chunk at a time, searchable as it goes. */
	async #build(): Promise<void> {
		const index = new MessageIndex();
		this.#use(index);
		for (const conversation of await this.#db.conversations.toArray()) index.putConversation(conversationMeta(conversation));
		const total = await this.#db.messages.count();
		this.#status = { state: 'building', indexed: 0, total, restored: false };
		let last: string | null = null;
		for (;;) {
			const from: string | null = last;
			const range = from === null ? this.#db.messages.orderBy(':id') : this.#db.messages.where(':id').above(from);
			const chunk: MessageNode[] = await range.limit(this.#chunkSize).toArray();
			if (chunk.length === 0) break;
			for (const message of chunk) index.putMessage(message);
			last = chunk[chunk.length - 1]!.id;
			this.#status = { state: 'building', indexed: index.messageCount, total, restored: false };
			this.#searcher.changed();
			await breathe();
		}
	}

	/**
	 * Brings a restored index up to date: conversations are few and read whole; for
	 * messages, the ids tell what was added or deleted, and only the unsettled ones can
	 * have changed text.
	 */
	async #catchUp(): Promise<void> {
		const index = this.#index;
		const conversations = await this.#db.conversations.toArray();
		const live = new Set(conversations.map((c) => c.id));
		for (const id of index.conversationIds()) if (!live.has(id)) index.removeConversation(id);
		for (const conversation of conversations) index.putConversation(conversationMeta(conversation));

		const stored = (await this.#db.messages.toCollection().primaryKeys()) as string[];
		const inStore = new Set(stored);
		const known = new Set(index.messageIds());
		for (const id of known) if (!inStore.has(id)) index.removeMessage(id);
		const stale = stored.filter((id) => !known.has(id));
		for (const id of index.unsettledIds()) if (inStore.has(id)) stale.push(id);
		await this.#reindex(stale);
		this.#searcher.changed();
		this.#changed(stale.length);
	}

	async #reindex(ids: readonly string[]): Promise<void> {
		for (let i = 0; i < ids.length; i += this.#chunkSize) {
			const chunk = ids.slice(i, i + this.#chunkSize);
			const rows = await this.#db.messages.bulkGet(chunk);
			rows.forEach((row, j) => (row ? this.#index.putMessage(row) : this.#index.removeMessage(chunk[j]!)));
			if (ids.length > this.#chunkSize) await breathe();
		}
	}

	readonly #onMutated = (parts: ObservabilitySet): void => {
		const changes = this.#changes(parts);
		if (changes) void this.#enqueue(() => this.#apply(changes));
	};

	#changes(parts: ObservabilitySet): Changes | null {
		const base = `idb://${this.#db.name}/`;
		const changes: Changes = { messages: new Set(), conversations: new Set(), everything: 'all' in parts };
		for (const [table, keys] of [
			['messages', changes.messages],
			['conversations', changes.conversations]
		] as const) {
			for (const part of [`${base}${table}/`, `${base}${table}/:dels`]) {
				if (!collectKeys(parts[part], keys)) changes.everything = true;
			}
		}
		return changes.everything || changes.messages.size > 0 || changes.conversations.size > 0 ? changes : null;
	}

	async #apply(changes: Changes): Promise<void> {
		// Changes seen while starting wait behind the start; after a failed one there is no index.
		if (this.#status.state !== 'ready') return;
		if (changes.everything) return this.#catchUp();
		const conversationIds = [...changes.conversations];
		const conversations = await this.#db.conversations.bulkGet(conversationIds);
		conversations.forEach((row, i) => {
			if (row) this.#index.putConversation(conversationMeta(row));
			else this.#index.removeConversation(conversationIds[i]!);
		});
		await this.#reindex([...changes.messages]);
		this.#status = { ...this.#status, indexed: this.#index.messageCount, total: this.#index.messageCount };
		this.#searcher.changed();
		this.#changed(changes.messages.size + changes.conversations.size);
	}

	/**
	 * Schedules writing the index back. Writing costs about as much as the index is big,
	 * so the wait grows with it (30× the last write); nothing depends on it but the next
	 * start's speed, since catching up repairs whatever was not written.
	 */
	#changed(count: number): void {
		if (count === 0) return;
		this.#unsaved += count;
		if (!this.#saveTimer) this.#scheduleSave(Math.min(this.#maxSaveDelayMs, Math.max(this.#minSaveDelayMs, this.#lastSaveMs * 30)));
	}

	/** Writing blocks this worker for a while: not while the user is searching. */
	#scheduleSave(delay: number): void {
		this.#saveTimer = setTimeout(() => {
			const sinceSearch = Date.now() - this.#lastSearchAt;
			if (sinceSearch < this.#minSaveDelayMs) return this.#scheduleSave(this.#minSaveDelayMs - sinceSearch);
			this.#saveTimer = null;
			void this.#enqueue(() => this.#save());
		}, delay);
	}

	async #save(): Promise<void> {
		const started = performance.now();
		this.#unsaved = 0;
		this.#saved++;
		await this.#store.save(this.#index.toJSON());
		this.#lastSaveMs = performance.now() - started;
	}
}
