// The search service the worker exposes: keeps a MessageIndex in step with the app's
// IndexedDB and answers queries. On start it restores the stored index and catches up
// with what changed meanwhile (or builds from scratch); then it follows Dexie's
// `storagemutated` events, which reach a worker from every tab of the app.
import { Dexie, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { MessageNode } from '../../core/conversationTree.ts';
import type { AtriumDatabase, Conversation } from '../../db/database.ts';
import { conversationTags } from './autoTags.ts';
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
	/** Wait after a change before a conversation's automatic tags are worked out again. */
	tagDelayMs?: number;
}

interface Changes {
	messages: Set<string>;
	conversations: Set<string>;
	/** A range was touched (a clear, a bulk delete): look at everything. */
	everything: boolean;
}

/** The user's tags: a synced field (ops.ts) that not every conversation has. */
function userTags(conversation: Conversation): string[] | undefined {
	const tags: unknown = (conversation as { tags?: unknown }).tags;
	return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : undefined;
}

const conversationMeta = (c: Conversation): ConversationMeta => ({ id: c.id, title: c.title, model: c.model, updatedAt: c.updatedAt, tags: userTags(c) });

/** Conversations tagged per turn of the queue, between which searches run. */
const TAG_CHUNK = 20;

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
	readonly #tagDelayMs: number;
	/** Conversations whose automatic tags are out of date. */
	readonly #untagged = new Set<string>();
	#tagTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(options: SearchServiceOptions) {
		this.#db = options.db;
		this.#store = options.store;
		this.#chunkSize = options.chunkSize ?? 2_000;
		this.#minSaveDelayMs = options.minSaveDelayMs ?? 10_000;
		this.#maxSaveDelayMs = options.maxSaveDelayMs ?? 300_000;
		this.#tagDelayMs = options.tagDelayMs ?? 2_000;
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
		return { models: this.#index.models(), ...this.#index.tags() };
	}

	async related(conversationId: string, limit?: number): Promise<{ conversationId: string; score: number }[]> {
		await this.#ensureTags(conversationId);
		return this.#index.relatedConversations(conversationId, limit);
	}

	async tagsOf(conversationId: string): Promise<{ tags: string[]; category: string | null }> {
		await this.#ensureTags(conversationId);
		const conversation = this.#index.conversation(conversationId);
		return { tags: [...new Set([...(conversation?.tags ?? []), ...(conversation?.auto?.tags ?? [])])], category: conversation?.auto?.category ?? null };
	}

	/** Waits until every change is indexed and every conversation's tags are worked out (tests). */
	async tagged(): Promise<void> {
		await this.settled();
		while (this.#untagged.size > 0) await this.#enqueue(() => this.#tagSome());
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
		if (this.#tagTimer) clearTimeout(this.#tagTimer);
		this.#saveTimer = null;
		this.#tagTimer = null;
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
				for (const id of this.#index.conversationIds()) if (!this.#index.conversation(id)?.auto) this.#untagged.add(id);
				this.#tagSoon();
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
		for (const id of stale) {
			const conversationId = index.meta(id)?.conversationId;
			if (conversationId) this.#untagged.add(conversationId);
		}
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
		for (const id of changes.messages) {
			const conversationId = this.#index.meta(id)?.conversationId;
			if (conversationId) this.#untagged.add(conversationId);
		}
		this.#tagSoon();
		this.#status = { ...this.#status, indexed: this.#index.messageCount, total: this.#index.messageCount };
		this.#searcher.changed();
		this.#changed(changes.messages.size + changes.conversations.size);
	}

	#tagSoon(): void {
		if (this.#tagTimer || this.#untagged.size === 0) return;
		this.#tagTimer = setTimeout(() => {
			this.#tagTimer = null;
			void this.#enqueue(() => this.#tagSome()).then(() => this.#tagSoon());
		}, this.#tagDelayMs);
	}

	/** Works out the tags of a few conversations from their settled messages. */
	async #tagSome(): Promise<void> {
		const ids = [...this.#untagged].slice(0, TAG_CHUNK);
		for (const id of ids) await this.#tag(id);
		this.#searcher.changed();
		this.#changed(ids.length);
	}

	async #tag(id: string): Promise<void> {
		this.#untagged.delete(id);
		if (!this.#index.conversation(id)) return;
		const messages = await this.#db.messages.where('conversationId').equals(id).toArray();
		const texts = messages.filter((m) => m.status !== 'streaming').map((m) => m.content);
		this.#index.setAutoTags(id, conversationTags(texts, (term) => this.#index.documentFrequency(term), this.#index.messageCount));
	}

	/** A conversation asked about now is tagged now, not when the background pass reaches it. */
	async #ensureTags(id: string): Promise<void> {
		await this.start();
		if (this.#untagged.has(id) || !this.#index.conversation(id)?.auto) await this.#enqueue(() => this.#tag(id));
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
