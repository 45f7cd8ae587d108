// Document Q&A with meaning: when the user has semantic features on and the embedding worker
// is ready, the passages closest in meaning to the question join BM25's, fused by rank
// (decision 0023). Otherwise — off, unavailable, or not ready within a moment — BM25's stand.
import type { Passage } from '../core/documents/retrieval.ts';
import { fusePassages } from '../core/embeddings/fusion.ts';
import { database } from '../db/database.ts';
import { getEmbedClient } from './embedClient.ts';

/** How long a question waits for the embedding worker to be ready before going without it. */
const WAIT_MS = 1_500;

export async function withMeaning(conversationId: string, question: string, keyword: Passage[], limit: number): Promise<Passage[]> {
	if ((await database().documentChunks.where('conversationId').equals(conversationId).count()) === 0) return keyword;
	const embed = getEmbedClient();
	const status = await Promise.race([embed.start(), new Promise<null>((resolve) => setTimeout(() => resolve(null), WAIT_MS))]);
	if (status?.state !== 'ready' && status?.state !== 'indexing') return keyword;
	const semantic = await embed.passages(conversationId, question, limit * 2);
	if (semantic.ids.length === 0) return keyword;
	const rows = await database().documentChunks.bulkGet(semantic.ids);
	const chunks = new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])));
	return fusePassages(keyword, semantic, chunks, limit);
}
