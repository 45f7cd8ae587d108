// The embedding service the embed worker exposes: when the user has turned semantic features
// on, it loads the embedding model (download progress in its status), embeds every settled
// message and document passage not embedded yet — a small batch at a time, stored in
// IndexedDB as it goes — and then follows Dexie's change events, as the search worker does.
// Queries: messages close in meaning, related conversations, passages for document Q&A.
import { Dexie, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { MessageNode } from '../../core/conversationTree.ts';
import type { DocumentChunk } from '../../core/documents/types.ts';
import { quantize, similarity, VectorIndex } from '../../core/embeddings/vectors.ts';
import { embeddingId, type EmbeddingRecord, type EmbeddingStatus } from '../../core/embeddings/types.ts';
import { MODEL_SETTINGS_KEY, readModelSettings, type ModelDefaults, type ModelProgress, type ModelSettings } from '../../core/models/transformersConfig.ts';
import type { AtriumDatabase } from '../../db/database.ts';

/** Turns texts into vectors (the model); `embed` is called with small batches. */
export interface Embedder {
	embed(texts: string[]): Promise<Float32Array[]>;
}

export type LoadEmbedder = (settings: ModelSettings, onProgress: (progress: ModelProgress) => void) => Promise<Embedder>;

export interface EmbeddingServiceOptions {
	db: AtriumDatabase;
	load: LoadEmbedder;
	defaults?: ModelDefaults;
	/** Texts per model call: small, so a search waits at most one batch. */
	batchSize?: number;
}

/** Below this cosine a message is not "close in meaning". */
export const MIN_SIMILARITY = 0.35;
/** Characters of a text that are embedded: models read ~256 tokens at most anyway. */
const MAX_CHARS = 2_000;
const READ_CHUNK = 1_000;

export const OFF_REASON = 'Semantic search is off: no embedding model is set up. Turn it on in Settings → On-device models (a one-time download).';

const embeddable = (m: MessageNode): boolean => m.status !== 'streaming' && m.content.trim().length > 0;
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface Work {
	messages: Set<string>;
	chunks: Set<string>;
	settings: boolean;
	/** A range was touched (a bulk delete): look at everything again. */
	everything: boolean;
}

export class EmbeddingService {
	readonly #db: AtriumDatabase;
	readonly #load: LoadEmbedder;
	readonly #defaults: ModelDefaults;
	readonly #batchSize: number;
	#status: EmbeddingStatus = { state: 'starting', embedded: 0, pending: 0 };
	#embedder: Embedder | null = null;
	#settings: ModelSettings | null = null;
	#messages: VectorIndex | null = null;
	#chunks: VectorIndex | null = null;
	#started: Promise<EmbeddingStatus> | null = null;
	#queue: Promise<void> = Promise.resolve();

	constructor(options: EmbeddingServiceOptions) {
		this.#db = options.db;
		this.#load = options.load;
		this.#defaults = options.defaults ?? {};
		this.#batchSize = options.batchSize ?? 16;
	}

	start(): Promise<EmbeddingStatus> {
		this.#started ??= (async () => {
			Dexie.on('storagemutated', this.#onMutated);
			await this.#enqueue(() => this.#setUp());
			return this.status();
		})();
		return this.#started;
	}

	status(): EmbeddingStatus {
		return { ...this.#status };
	}

	/** Waits until everything seen so far is embedded (tests, bench). */
	settled(): Promise<void> {
		return this.#enqueue(async () => undefined);
	}

	dispose(): void {
		Dexie.on.storagemutated.unsubscribe(this.#onMutated);
	}

	/** Messages closest in meaning to `query`, best first (empty while no model is ready). */
	async search(query: string, limit = 100): Promise<{ ids: string[]; scores: number[] }> {
		const vector = await this.#query(query);
		if (!vector || !this.#messages) return { ids: [], scores: [] };
		const found = this.#messages.nearest(vector, limit, MIN_SIMILARITY);
		return { ids: found.map((f) => f.id), scores: found.map((f) => f.score) };
	}

	/** Conversations whose messages, on average, mean what this one's do. */
	related(conversationId: string, limit = 5): { conversationId: string; score: number }[] {
		if (!this.#messages) return [];
		const centroids = this.#messages.centroids();
		const own = centroids.get(conversationId);
		if (!own) return [];
		const scored: { conversationId: string; score: number }[] = [];
		for (const [other, centroid] of centroids) {
			if (other === conversationId) continue;
			const score = similarity(own, centroid);
			if (score >= MIN_SIMILARITY) scored.push({ conversationId: other, score });
		}
		return scored.sort((a, b) => b.score - a.score).slice(0, limit);
	}

	/** A conversation's document passages closest to `query` (for hybrid retrieval). */
	async passages(conversationId: string, query: string, limit = 10): Promise<{ ids: string[]; scores: number[] }> {
		const vector = await this.#query(query);
		if (!vector || !this.#chunks) return { ids: [], scores: [] };
		const found = this.#chunks.nearest(vector, limit, MIN_SIMILARITY, (_id, group) => group === conversationId);
		return { ids: found.map((f) => f.id), scores: found.map((f) => f.score) };
	}

	async #query(text: string): Promise<Int8Array | null> {
		if (!this.#embedder || !text.trim()) return null;
		const [vector] = await this.#embedder.embed([text.slice(0, MAX_CHARS)]);
		return vector ? quantize(vector) : null;
	}

	#enqueue(work: () => Promise<void>): Promise<void> {
		const next = this.#queue.then(work);
		this.#queue = next.catch(() => undefined);
		return next;
	}

	/** Reads the settings and, when semantic features are on, loads the model and catches up. */
	async #setUp(): Promise<void> {
		const settings = readModelSettings((await this.#db.settings.get(MODEL_SETTINGS_KEY))?.value, this.#defaults);
		const same = this.#settings && this.#settings.host === settings.host && this.#settings.embeddingModel === settings.embeddingModel;
		this.#settings = settings;
		if (!settings.semantic) {
			this.#embedder = null;
			this.#messages = this.#chunks = null;
			this.#status = { state: 'off', reason: OFF_REASON, embedded: 0, pending: 0 };
			return;
		}
		if (same && this.#embedder) return;
		this.#status = { state: 'loading', model: settings.embeddingModel, embedded: 0, pending: 0 };
		try {
			this.#embedder = await this.#load(settings, (progress) => {
				this.#status = { ...this.#status, loaded: progress.loaded, total: progress.total };
			});
		} catch (error) {
			this.#embedder = null;
			this.#status = { state: 'unavailable', model: settings.embeddingModel, reason: error instanceof Error ? error.message : String(error), embedded: 0, pending: 0 };
			return;
		}
		await this.#catchUp();
	}

	/** Loads this model's stored vectors, drops those whose text is gone, embeds what is missing. */
	async #catchUp(): Promise<void> {
		const model = this.#settings!.embeddingModel;
		this.#messages = null;
		this.#chunks = null;
		const stored = await this.#db.embeddings.where('model').equals(model).toArray();
		for (const record of stored) this.#remember(record);
		const messageIds = new Set((await this.#db.messages.toCollection().primaryKeys()) as string[]);
		const chunkIds = new Set((await this.#db.documentChunks.toCollection().primaryKeys()) as string[]);
		const gone = stored.filter((r) => !(r.kind === 'message' ? messageIds : chunkIds).has(r.sourceId)).map((r) => r.id);
		await this.#forget(gone);
		const missingMessages = [...messageIds].filter((id) => !this.#messages?.has(id));
		const missingChunks = [...chunkIds].filter((id) => !this.#chunks?.has(id));
		this.#status = { state: 'indexing', model, embedded: this.#count(), pending: missingMessages.length + missingChunks.length };
		await this.#embedMessages(missingMessages);
		await this.#embedChunks(missingChunks);
		this.#status = { state: 'ready', model, embedded: this.#count(), pending: 0 };
	}

	#count(): number {
		return (this.#messages?.size ?? 0) + (this.#chunks?.size ?? 0);
	}

	#remember(record: EmbeddingRecord): void {
		const which = record.kind === 'message' ? 'messages' : 'chunks';
		const index = (which === 'messages' ? this.#messages : this.#chunks) ?? new VectorIndex(record.vector.length);
		if (which === 'messages') this.#messages = index;
		else this.#chunks = index;
		if (index.dims === record.vector.length) index.put(record.sourceId, record.conversationId, record.vector);
	}

	async #forget(ids: string[]): Promise<void> {
		if (ids.length === 0) return;
		for (const id of ids) {
			const sourceId = id.slice(2);
			(id.startsWith('m:') ? this.#messages : this.#chunks)?.remove(sourceId);
		}
		await this.#db.embeddings.bulkDelete(ids);
	}

	async #embedMessages(ids: string[]): Promise<void> {
		for (let i = 0; i < ids.length; i += READ_CHUNK) {
			const rows = (await this.#db.messages.bulkGet(ids.slice(i, i + READ_CHUNK))).filter((m): m is MessageNode => !!m && embeddable(m));
			await this.#embed(rows.map((m) => ({ kind: 'message' as const, sourceId: m.id, conversationId: m.conversationId, text: m.content })));
		}
	}

	async #embedChunks(ids: string[]): Promise<void> {
		for (let i = 0; i < ids.length; i += READ_CHUNK) {
			const rows = (await this.#db.documentChunks.bulkGet(ids.slice(i, i + READ_CHUNK))).filter((c): c is DocumentChunk => !!c);
			await this.#embed(rows.map((c) => ({ kind: 'chunk' as const, sourceId: c.id, conversationId: c.conversationId, text: c.text })));
		}
	}

	/** Embeds in small batches, storing each, yielding between them so queries get their turn. */
	async #embed(items: { kind: EmbeddingRecord['kind']; sourceId: string; conversationId: string; text: string }[]): Promise<void> {
		const embedder = this.#embedder;
		const model = this.#settings?.embeddingModel;
		if (!embedder || !model) return;
		for (let i = 0; i < items.length; i += this.#batchSize) {
			const batch = items.slice(i, i + this.#batchSize);
			const vectors = await embedder.embed(batch.map((item) => item.text.slice(0, MAX_CHARS)));
			const records: EmbeddingRecord[] = batch.map((item, j) => ({
				id: embeddingId(item.kind, item.sourceId),
				kind: item.kind,
				sourceId: item.sourceId,
				conversationId: item.conversationId,
				model,
				vector: quantize(vectors[j]!)
			}));
			await this.#db.embeddings.bulkPut(records);
			for (const record of records) this.#remember(record);
			this.#status = { ...this.#status, embedded: this.#count(), pending: Math.max(0, this.#status.pending - batch.length) };
			await breathe();
		}
	}

	readonly #onMutated = (parts: ObservabilitySet): void => {
		const base = `idb://${this.#db.name}/`;
		const work: Work = { messages: new Set(), chunks: new Set(), settings: false, everything: 'all' in parts };
		for (const [table, keys] of [
			['messages', work.messages],
			['documentChunks', work.chunks]
		] as const) {
			for (const part of [`${base}${table}/`, `${base}${table}/:dels`]) if (!collectKeys(parts[part], keys)) work.everything = true;
		}
		work.settings = Object.keys(parts).some((key) => key.startsWith(`${base}settings/`));
		if (work.messages.size || work.chunks.size || work.settings || work.everything) void this.#enqueue(() => this.#apply(work));
	};

	async #apply(work: Work): Promise<void> {
		if (work.settings) {
			await this.#setUp();
			return;
		}
		if (!this.#embedder || (this.#status.state !== 'ready' && this.#status.state !== 'indexing')) return;
		if (work.everything) return this.#catchUp();
		const messageIds = [...work.messages];
		const rows = await this.#db.messages.bulkGet(messageIds);
		await this.#forget(messageIds.filter((_, i) => !rows[i]).map((id) => embeddingId('message', id)));
		await this.#embedMessages(rows.filter((m): m is MessageNode => !!m && embeddable(m) && !this.#messages?.has(m.id)).map((m) => m.id));
		const chunkIds = [...work.chunks];
		const chunks = await this.#db.documentChunks.bulkGet(chunkIds);
		await this.#forget(chunkIds.filter((_, i) => !chunks[i]).map((id) => embeddingId('chunk', id)));
		await this.#embedChunks(chunkIds.filter((id, i) => chunks[i] && !this.#chunks?.has(id)));
	}
}

/** Adds the single keys of a Dexie change tree to `keys`; false when it holds a range. */
function collectKeys(tree: IntervalTree | undefined, keys: Set<string>): boolean {
	if (!tree || !('from' in tree)) return true;
	if (tree.from !== tree.to || typeof tree.from !== 'string') return false;
	keys.add(tree.from);
	return collectKeys(tree.l ?? undefined, keys) && collectKeys(tree.r ?? undefined, keys);
}
