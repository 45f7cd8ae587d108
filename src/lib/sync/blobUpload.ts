// The bytes behind `blob.attach` ops: made when a message with files is stored, and
// uploaded by content address before the op that refers to them is pushed, so no other
// device ever pulls a reference to bytes the server does not have. A blob the server
// already holds (any message, any device) is not sent again.
import type { AtriumDatabase } from '../db/database.ts';
import { MAX_BLOB_BYTES, MAX_BLOB_CHECK, type SyncOp } from '../protocol/ops.ts';
import { SyncError } from './syncApi.ts';

/** What uploading needs from the server. */
export interface BlobApi {
	/** `present[i]` says whether the server holds `hashes[i]` for this user. */
	checkBlobs(hashes: readonly string[]): Promise<boolean[]>;
	putBlob(sha256: string, blob: Blob): Promise<void>;
}

// The ops themselves are made in blobOps.ts, which the write path imports without this
// module's schemas and server calls (decision 0022).
export { blobAttachOps } from './blobOps.ts';

/** One blob to make sure of: its address and where its bytes are on this device. */
interface Wanted {
	sha256: string;
	opId: string;
	read: () => Promise<Blob | undefined>;
}

function wantedBy(db: AtriumDatabase, op: Extract<SyncOp, { type: 'blob.attach' }>): Wanted[] {
	const record = () => (op.blob.attachmentId ? db.attachments.get(op.blob.attachmentId) : db.attachments.where('messageId').equals(op.messageId).first());
	const wanted: Wanted[] = [{ sha256: op.blob.sha256, opId: op.id, read: async () => (await record())?.blob }];
	if (op.blob.thumbnail) wanted.push({ sha256: op.blob.thumbnail.sha256, opId: op.id, read: async () => (await record())?.thumbnail });
	return wanted;
}

/**
 * Uploads the bytes the `blob.attach` ops among `ops` refer to and the server lacks.
 * Returns the ops that can never be pushed (their bytes are gone from this device, or
 * the server refuses them), each with the reason; throws when the server cannot be
 * reached, so the push waits for the next run.
 */
export async function uploadBlobsFor(db: AtriumDatabase, api: BlobApi, ops: readonly SyncOp[]): Promise<Map<string, string>> {
	const refused = new Map<string, string>();
	const wanted = ops.flatMap((op) => (op.type === 'blob.attach' ? wantedBy(db, op) : []));
	for (let i = 0; i < wanted.length; i += MAX_BLOB_CHECK) {
		const slice = wanted.slice(i, i + MAX_BLOB_CHECK);
		const present = await api.checkBlobs(slice.map((item) => item.sha256));
		const sent = new Set<string>();
		for (const [index, item] of slice.entries()) {
			if (present[index] || sent.has(item.sha256) || refused.has(item.opId)) continue;
			const blob = await item.read();
			if (!blob) {
				refused.set(item.opId, 'the file is no longer on this device');
				continue;
			}
			if (blob.size > MAX_BLOB_BYTES) {
				refused.set(item.opId, `the file is larger than the ${Math.round(MAX_BLOB_BYTES / 1024 / 1024)} MB sync limit`);
				continue;
			}
			try {
				await api.putBlob(item.sha256, blob);
				sent.add(item.sha256);
			} catch (error) {
				if (!(error instanceof SyncError && error.kind === 'rejected')) throw error;
				refused.set(item.opId, error.message);
			}
		}
	}
	return refused;
}
