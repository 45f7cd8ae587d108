// What is stored of an embedding (Dexie `embeddings`, version 11) and what the embedding
// worker reports. Vectors are unit vectors as 8-bit integers (vectors.ts).

export interface EmbeddingRecord {
	/** `m:<messageId>` for a message, `d:<chunkId>` for a document passage. */
	id: string;
	kind: 'message' | 'chunk';
	sourceId: string;
	conversationId: string;
	/** The model id that made it: vectors of another model are not comparable. */
	model: string;
	vector: Int8Array;
}

export const embeddingId = (kind: EmbeddingRecord['kind'], sourceId: string): string => `${kind === 'message' ? 'm' : 'd'}:${sourceId}`;

export interface EmbeddingStatus {
	/**
	 * off: the user has not turned semantic features on; loading: the model is being fetched or
	 * started; indexing: embedding what is not embedded yet; unavailable: the model cannot be loaded.
	 */
	state: 'starting' | 'off' | 'loading' | 'indexing' | 'ready' | 'unavailable';
	/** Why it is off or unavailable, for the user. */
	reason?: string;
	model?: string;
	/** Download progress while loading. */
	loaded?: number;
	total?: number;
	/** Messages and passages embedded, and how many there are. */
	embedded: number;
	pending: number;
}
