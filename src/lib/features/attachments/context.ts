// What a reply's request carries besides the typed text: the images of user messages (as
// image parts, for models that can see), short text files whole, and, for the question,
// the best passages of the conversation's documents with the citations they become.
import type { MessageNode } from '../../core/conversationTree.ts';
import { citationsFor, withPassages, type Passage } from '../../core/documents/retrieval.ts';
import type { AttachmentRef, Citation } from '../../core/documents/types.ts';
import type { AtriumDatabase } from '../../db/database.ts';
import type { ChatMessage, ImagePart } from '../../protocol/chat.ts';
import { IMAGE_PART_TYPES, MAX_IMAGE_CHARS_PER_REQUEST, MAX_IMAGE_PART_CHARS } from '../../protocol/limits.ts';
import { blobToBase64 } from './base64.ts';
import { restorePassages, type PageReader } from './passages.ts';
import { isSearched } from './store.ts';

export interface ContextDeps {
	db: AtriumDatabase;
	/** Whether the model reads images; when false, images are named in words instead. */
	vision: boolean;
	/** Retrieval over the conversation's documents (the documents worker in the app). */
	search: (conversationId: string, query: string, limit: number) => Promise<Passage[]>;
	/** Passages put before the question. */
	passages?: number;
	/** Reads a document's pages when this device has no passages for it (a synced file). */
	readPages?: PageReader;
}

export type ContextParts = Map<string, Partial<Pick<ChatMessage, 'content' | 'images'>>>;

const isImageType = (type: string): type is ImagePart['mimeType'] => (IMAGE_PART_TYPES as readonly string[]).includes(type);

export async function attachmentContext(
	path: readonly MessageNode[],
	deps: ContextDeps
): Promise<{ parts: ContextParts; citations: Citation[] }> {
	const parts: ContextParts = new Map();
	let imageBudget = MAX_IMAGE_CHARS_PER_REQUEST;
	// Newest first, so when images must be dropped for size, the oldest go.
	for (const node of [...path].reverse()) {
		if (node.role !== 'user' || !node.attachments?.length) continue;
		const notes: string[] = [];
		const images: ImagePart[] = [];
		const records = await deps.db.attachments.bulkGet(node.attachments.map((a) => a.id));
		for (const [i, ref] of node.attachments.entries()) {
			const record = records[i];
			if (!record) {
				notes.push(`[Attachment “${ref.name}” is no longer on this device.]`);
				continue;
			}
			if (ref.kind === 'image') {
				if (!deps.vision) {
					notes.push(`[Image “${ref.name}” not sent: this model cannot see images.]`);
					continue;
				}
				const data = isImageType(record.mimeType) ? await blobToBase64(record.blob) : '';
				if (!data || data.length > MAX_IMAGE_PART_CHARS || data.length > imageBudget) {
					notes.push(`[Image “${ref.name}” not sent: the request would be too large.]`);
					continue;
				}
				imageBudget -= data.length;
				images.push({ type: 'image', mimeType: record.mimeType as ImagePart['mimeType'], data });
			} else if (isSearched({ ref, pages: ref.kind === 'pdf' ? [] : [{ page: null, text: await record.blob.text() }] })) {
				const unread = deps.readPages ? await restorePassages(deps.db, record, deps.readPages) : null;
				notes.push(unread ?? `[Attached document “${ref.name}”${ref.pages ? `, ${ref.pages} pages` : ''}: relevant excerpts are quoted with the question.]`);
			} else {
				notes.push(fileBlock(ref, await record.blob.text()));
			}
		}
		const content = [node.content, ...notes].filter(Boolean).join('\n\n');
		parts.set(node.id, { content, ...(images.length > 0 ? { images } : {}) });
	}

	const question = [...path].reverse().find((node) => node.role === 'user');
	if (!question) return { parts, citations: [] };
	// A cheap count first: most conversations have no documents, and need no worker.
	const documents = await deps.db.documentChunks.where('conversationId').equals(question.conversationId).count();
	if (documents === 0) return { parts, citations: [] };
	const passages = await deps.search(question.conversationId, question.content, deps.passages ?? 5);
	if (passages.length === 0) return { parts, citations: [] };
	const current = parts.get(question.id);
	parts.set(question.id, { ...current, content: withPassages(current?.content ?? question.content, passages) });
	return { parts, citations: citationsFor(passages) };
}

function fileBlock(ref: AttachmentRef, text: string): string {
	const fence = text.includes('```') ? '````' : '```';
	return `File “${ref.name}”:\n${fence}\n${text.replace(/\s+$/, '')}\n${fence}`;
}

/** The images among a message's attachments. */
export function imagesOf(refs: readonly AttachmentRef[] | undefined): AttachmentRef[] {
	return (refs ?? []).filter((ref) => ref.kind === 'image');
}
