// What the chat session needs from attachments, kept here so the session gains only a
// few lines: the send options, the check against the chosen model, storage and retrieval.
// The send path loads it only when the data has files (sendFiles.ts, decision 0041).
import type { Passage } from '../../core/documents/retrieval.ts';
import { AttachmentError } from './ingest.ts';
import type { ReadyAttachment } from './types.ts';

export { attachmentContext } from './context.ts';
export { readStoredPages } from './passages.ts';
export { storeWithMessage } from './store.ts';

export interface SendFiles {
	attachments?: ReadyAttachment[];
}

/** Refuses, before anything is stored, images for a model that cannot see them. */
export function refuseForModel(attachments: readonly ReadyAttachment[], vision: boolean, modelKey: string): void {
	const images = attachments.filter((item) => item.ref.kind === 'image');
	if (images.length === 0 || vision) return;
	const name = modelKey.slice(modelKey.indexOf('::') + 2) || modelKey;
	throw new AttachmentError(
		`${name} cannot see images. Pick a model that can (for example gpt-4o or Gemini), or remove ${images.length === 1 ? 'the image' : `the ${images.length} images`}.`
	);
}

/**
 * Retrieval in the documents worker (BM25), joined by passages close in meaning when embeddings
 * are on (decision 0023); no worker (tests, old browsers): no passages.
 */
export async function searchDocuments(conversationId: string, query: string, limit: number): Promise<Passage[]> {
	if (typeof Worker === 'undefined' || !conversationId) return [];
	const [{ documentsWorker }, { withMeaning }] = await Promise.all([import('../../workers/documentsClient.ts'), import('../../workers/embedPassages.ts')]);
	return withMeaning(conversationId, query, await documentsWorker().search(conversationId, query, limit), limit);
}
