// Retrieval over a conversation's documents. One BM25 index per conversation, built from
// its passages in IndexedDB on the first question and rebuilt only when its documents
// change (a new attachment adds passages; the passage count tells).
import type { AtriumDatabase } from '../../db/database.ts';
import { PassageIndex, type Passage } from '../../core/documents/retrieval.ts';

/** Conversations whose index is kept; older ones are dropped and rebuilt when asked again. */
const KEEP = 4;

export class DocumentService {
	readonly #db: AtriumDatabase;
	readonly #indexes = new Map<string, { count: number; index: PassageIndex }>();

	constructor(db: AtriumDatabase) {
		this.#db = db;
	}

	async #index(conversationId: string): Promise<PassageIndex | null> {
		const count = await this.#db.documentChunks.where('conversationId').equals(conversationId).count();
		if (count === 0) return null;
		const known = this.#indexes.get(conversationId);
		if (known && known.count === count) {
			// Most recently used last.
			this.#indexes.delete(conversationId);
			this.#indexes.set(conversationId, known);
			return known.index;
		}
		const index = new PassageIndex();
		index.add(await this.#db.documentChunks.where('conversationId').equals(conversationId).toArray());
		this.#indexes.delete(conversationId);
		this.#indexes.set(conversationId, { count, index });
		while (this.#indexes.size > KEEP) {
			const oldest = this.#indexes.keys().next().value;
			if (oldest === undefined) break;
			this.#indexes.delete(oldest);
		}
		return index;
	}

	/** Whether the conversation has any document passages at all. */
	async hasDocuments(conversationId: string): Promise<boolean> {
		return (await this.#db.documentChunks.where('conversationId').equals(conversationId).count()) > 0;
	}

	async search(conversationId: string, query: string, limit = 5): Promise<Passage[]> {
		const index = await this.#index(conversationId);
		return index ? index.search(query, limit) : [];
	}
}
