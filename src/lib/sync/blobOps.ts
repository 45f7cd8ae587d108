// The `blob.attach` ops for files stored with a message. Apart from blobUpload.ts (uploads,
// server calls, wire limits), so storing a message imports neither zod schemas nor the
// sync client: the first screen stays small (decision 0022).
import { sha256Hex } from '../core/contentHash.ts';
import type { AttachmentRecord } from '../core/documents/types.ts';
import type { BlobRef } from '../protocol/ops.ts';
import type { UnstampedOp } from './localOps.ts';

/**
 * The ops that sync `records` (files just attached to one message). Computed before the
 * message's transaction: hashing a thumbnail must not run inside it.
 */
export async function blobAttachOps(records: readonly AttachmentRecord[]): Promise<UnstampedOp[]> {
	const ops: UnstampedOp[] = [];
	for (const record of records) {
		const blob: BlobRef = {
			sha256: record.sha256,
			size: record.blob.size,
			mediaType: record.mimeType,
			name: record.name.slice(0, 300),
			attachmentId: record.id,
			kind: record.kind
		};
		if (record.width) blob.width = record.width;
		if (record.height) blob.height = record.height;
		if (record.pages) blob.pages = record.pages;
		if (record.thumbnail) blob.thumbnail = { sha256: await sha256Hex(record.thumbnail), size: record.thumbnail.size, mediaType: record.thumbnail.type || 'image/webp' };
		ops.push({ type: 'blob.attach', conversationId: record.conversationId, messageId: record.messageId, blob });
	}
	return ops;
}
