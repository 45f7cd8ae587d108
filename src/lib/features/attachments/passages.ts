// Passages for documents that arrived without them. A file synced from another device
// carries its bytes, not the passages its first device read from it, so before a question
// is answered here its pages are read again (text decoded; a PDF through the PDF worker,
// OCR included) and stored like those of a file attached here.
import { chunkPages, normalizeText } from '../../core/documents/chunking.ts';
import type { AttachmentRecord, PageText } from '../../core/documents/types.ts';
import type { AtriumDatabase } from '../../db/database.ts';

/** Reads a stored document's pages. */
export type PageReader = (record: AttachmentRecord) => Promise<PageText[]>;

/** The app's reader: text files decoded, PDFs read page by page in the PDF worker. */
export const readStoredPages: PageReader = async (record) => {
	if (record.kind !== 'pdf') return [{ page: null, text: normalizeText(await record.blob.text()) }];
	const { readPdf } = await import('./ingest.ts');
	const result = await readPdf(record.blob);
	if (!result.ok) throw new Error(result.message);
	return result.pages;
};

/**
 * Stores the passages of `record` when this device has none; returns a note for the model
 * when its pages cannot be read, else null.
 */
export async function restorePassages(db: AtriumDatabase, record: AttachmentRecord, readPages: PageReader): Promise<string | null> {
	const hasPassages = () => db.documentChunks.where('attachmentId').equals(record.id).count().then((n) => n > 0);
	if (await hasPassages()) return null;
	let pages: PageText[];
	try {
		pages = await readPages(record);
	} catch (error) {
		return `[Attached document “${record.name}” could not be read on this device: ${error instanceof Error ? error.message : String(error)}]`;
	}
	const chunks = chunkPages(pages, { conversationId: record.conversationId, attachmentId: record.id, fileName: record.name });
	await db.transaction('rw', db.documentChunks, db.attachments, async () => {
		// Another question may have stored them meanwhile; a deleted file needs none.
		if ((await hasPassages()) || !(await db.attachments.get(record.id))) return;
		await db.documentChunks.bulkAdd(chunks);
	});
	return null;
}
