// Attachments in IndexedDB: the Blobs in their own table, the passages of documents for
// retrieval, both written in the same transaction as the message that carries them, so a
// failed write leaves nothing half-attached.
import { chunkPages } from '../../core/documents/chunking.ts';
import { INLINE_TEXT_CHARS } from '../../core/documents/files.ts';
import type { AttachmentRecord, DocumentChunk } from '../../core/documents/types.ts';
import type { AtriumDatabase } from '../../db/database.ts';
import { blobAttachOps } from '../../sync/blobOps.ts';
import { recordOps } from '../../sync/localOps.ts';
import type { ReadyAttachment } from './types.ts';

/** PDFs and long text files are searched; short text files go into the message whole. */
export function isSearched(item: Pick<ReadyAttachment, 'ref' | 'pages'>): boolean {
	if (item.ref.kind === 'pdf') return true;
	if (item.ref.kind !== 'text') return false;
	return (item.pages ?? []).reduce((sum, page) => sum + page.text.length, 0) > INLINE_TEXT_CHARS;
}

export function toRecords(
	items: readonly ReadyAttachment[],
	owner: { conversationId: string; messageId: string }
): { records: AttachmentRecord[]; chunks: DocumentChunk[] } {
	const now = Date.now();
	const records = items.map((item) => ({
		...item.ref,
		...owner,
		blob: item.blob,
		...(item.thumbnail ? { thumbnail: item.thumbnail } : {}),
		originalSize: item.originalSize,
		createdAt: now
	}));
	const chunks = items
		.filter(isSearched)
		.flatMap((item) => chunkPages(item.pages ?? [], { conversationId: owner.conversationId, attachmentId: item.ref.id, fileName: item.ref.name }));
	return { records, chunks };
}

/** Stores the files, their passages and (through `storeMessage`) the message, all or nothing. */
export async function storeWithMessage(
	db: AtriumDatabase,
	items: readonly ReadyAttachment[],
	owner: { conversationId: string; messageId: string },
	storeMessage: () => Promise<void>
): Promise<void> {
	if (items.length === 0) return storeMessage();
	const { records, chunks } = toRecords(items, owner);
	// Hashed before the transaction (awaiting Web Crypto inside would end it).
	const syncOps = await blobAttachOps(records);
	// Every table: storing a message may touch others' tables too (sync's outbox, …).
	await db.transaction('rw', db.tables, async () => {
		await db.attachments.bulkAdd(records);
		if (chunks.length > 0) await db.documentChunks.bulkAdd(chunks);
		await storeMessage();
		// After the message's own op: other devices add the message, then its files.
		await recordOps(db, syncOps);
	});
}

export async function deleteConversationFiles(db: AtriumDatabase, conversationId: string): Promise<void> {
	await db.transaction('rw', db.attachments, db.documentChunks, db.documentInsights, async () => {
		await db.attachments.where('conversationId').equals(conversationId).delete();
		await db.documentChunks.where('conversationId').equals(conversationId).delete();
		await db.documentInsights.where('conversationId').equals(conversationId).delete();
	});
}
