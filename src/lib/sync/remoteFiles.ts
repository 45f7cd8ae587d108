// Attachments another device synced: a `blob.attach` op names the file and the content
// addresses of its bytes and thumbnail. Applying the op shows the file on its message at
// once (a placeholder); thumbnails and documents are then fetched eagerly, full images
// only when opened. A failed fetch is kept with its reason and retried later or on demand.
import type { AttachmentKind, AttachmentRef } from '../core/documents/types.ts';
import type { MessageNode } from '../core/conversationTree.ts';
import type { AtriumDatabase } from '../db/database.ts';
import type { BlobRef, SyncOp } from '../protocol/ops.ts';
import { sha256Hex } from '../core/contentHash.ts';

/** A synced attachment whose bytes are not on this device yet. */
export interface RemoteFileRow {
	/** The attachment's id (as on the device that attached it). */
	id: string;
	conversationId: string;
	messageId: string;
	ref: AttachmentRef;
	thumbnail?: { sha256: string; size: number; mediaType: string };
	/** The fetched thumbnail, shown until the full image is opened. */
	thumbnailBlob?: Blob;
	/** Why the last fetch failed, worded for the user; absent while none failed. */
	error?: string;
	attempts: number;
	/** Automatic retries wait until this time (ms). */
	retryAt: number;
}

/** Fetches one blob of this user's by its address. */
export type BlobGetter = (sha256: string) => Promise<Blob>;

type BlobAttachOp = Extract<SyncOp, { type: 'blob.attach' }>;

function kindOf(blob: BlobRef): AttachmentKind {
	if (blob.kind) return blob.kind;
	if (blob.mediaType.startsWith('image/')) return 'image';
	return blob.mediaType === 'application/pdf' ? 'pdf' : 'text';
}

/** The reference a message keeps for a synced attachment. */
export function refOf(op: BlobAttachOp): AttachmentRef {
	const { blob } = op;
	const ref: AttachmentRef = {
		id: blob.attachmentId ?? `${op.messageId}-${blob.sha256.slice(0, 16)}`,
		kind: kindOf(blob),
		name: blob.name ?? 'file',
		mimeType: blob.mediaType,
		size: blob.size,
		sha256: blob.sha256
	};
	if (blob.width !== undefined) ref.width = blob.width;
	if (blob.height !== undefined) ref.height = blob.height;
	if (blob.pages !== undefined) ref.pages = blob.pages;
	return ref;
}

/** Adds `refs` to the message's attachments (a grow-only set: by id and by content). */
async function addRefs(db: AtriumDatabase, message: MessageNode, refs: readonly AttachmentRef[]): Promise<boolean> {
	const current = message.attachments ?? [];
	const fresh = refs.filter((ref) => !current.some((known) => known.id === ref.id || known.sha256 === ref.sha256));
	if (fresh.length === 0) return false;
	await db.messages.update(message.id, { attachments: [...current, ...fresh] });
	return true;
}

/**
 * Applies a `blob.attach` op inside the pull's transaction. Files already here (this
 * device attached them) change nothing. Says whether the message changed.
 */
export async function applyBlobAttach(db: AtriumDatabase, op: BlobAttachOp): Promise<boolean> {
	const ref = refOf(op);
	const [local, remote] = await Promise.all([db.attachments.get(ref.id), db.remoteFiles.get(ref.id)]);
	if (!local && !remote) {
		const row: RemoteFileRow = { id: ref.id, conversationId: op.conversationId, messageId: op.messageId, ref, attempts: 0, retryAt: 0 };
		if (op.blob.thumbnail) row.thumbnail = op.blob.thumbnail;
		await db.remoteFiles.add(row);
	}
	const message = await db.messages.get(op.messageId);
	// A message added later picks the file up then (`attachParked`).
	return message ? addRefs(db, message, [ref]) : false;
}

/** Gives a message that just arrived the synced files that waited for it. */
export async function attachParked(db: AtriumDatabase, messageId: string): Promise<void> {
	const rows = await db.remoteFiles.where('messageId').equals(messageId).toArray();
	const message = rows.length > 0 ? await db.messages.get(messageId) : undefined;
	if (message) await addRefs(db, message, rows.map((row) => row.ref));
}

export async function forgetConversationFiles(db: AtriumDatabase, conversationId: string): Promise<void> {
	await db.remoteFiles.where('conversationId').equals(conversationId).delete();
}

/** How long automatic retries wait after `attempts` failures: 30 s, doubling, at most an hour. */
export function retryDelay(attempts: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** Fetches a blob and checks it is the one its address names. */
async function verified(get: BlobGetter, sha256: string, size: number): Promise<Blob> {
	const blob = await get(sha256);
	if (blob.size !== size || (await sha256Hex(blob)) !== sha256) {
		throw new Error('the bytes that arrived are not the file that was attached (they differ from its SHA-256)');
	}
	return blob;
}

async function noteFailure(db: AtriumDatabase, id: string, error: unknown): Promise<void> {
	const row = await db.remoteFiles.get(id);
	if (!row) return;
	const attempts = row.attempts + 1;
	const reason = error instanceof Error ? error.message : String(error);
	await db.remoteFiles.update(id, { error: `Could not download “${row.ref.name}”: ${reason}`, attempts, retryAt: Date.now() + retryDelay(attempts) });
}

async function fetchThumbnail(db: AtriumDatabase, get: BlobGetter, row: RemoteFileRow): Promise<void> {
	if (!row.thumbnail) return;
	try {
		const blob = await verified(get, row.thumbnail.sha256, row.thumbnail.size);
		await db.remoteFiles.update(row.id, { thumbnailBlob: blob, error: undefined, attempts: 0, retryAt: 0 });
	} catch (error) {
		await noteFailure(db, row.id, error);
	}
}

const inFlight = new Map<string, Promise<boolean>>();

/**
 * Downloads a synced file's bytes and stores it like a file attached here; the remote row
 * goes. Resolves true once the file is on this device, false if the fetch failed (the
 * row keeps the reason). Concurrent calls for one file share one download.
 */
export function fetchRemoteFile(db: AtriumDatabase, get: BlobGetter, id: string): Promise<boolean> {
	let pending = inFlight.get(id);
	if (!pending) {
		pending = downloadFile(db, get, id).finally(() => inFlight.delete(id));
		inFlight.set(id, pending);
	}
	return pending;
}

async function downloadFile(db: AtriumDatabase, get: BlobGetter, id: string): Promise<boolean> {
	const row = await db.remoteFiles.get(id);
	if (!row) return (await db.attachments.get(id)) !== undefined;
	let blob: Blob;
	try {
		blob = await verified(get, row.ref.sha256, row.ref.size);
	} catch (error) {
		await noteFailure(db, id, error);
		return false;
	}
	return db.transaction('rw', [db.remoteFiles, db.attachments, db.conversations], async () => {
		if (!(await db.remoteFiles.get(id))) return (await db.attachments.get(id)) !== undefined;
		await db.remoteFiles.delete(id);
		// The conversation went meanwhile: its files go too.
		if (!(await db.conversations.get(row.conversationId))) return false;
		await db.attachments.put({
			...row.ref,
			conversationId: row.conversationId,
			messageId: row.messageId,
			blob,
			...(row.thumbnailBlob ? { thumbnail: row.thumbnailBlob } : {}),
			originalSize: row.ref.size,
			createdAt: Date.now()
		});
		return true;
	});
}

/**
 * Fetches what a device fetches without being asked: thumbnails, and documents whole
 * (they have no thumbnail and replies read them). Skips rows waiting to be retried.
 */
export async function fetchEagerFiles(db: AtriumDatabase, get: BlobGetter, now = Date.now()): Promise<void> {
	const rows = (await db.remoteFiles.toArray()).filter((row) => row.retryAt <= now);
	for (const row of rows) {
		// Deleted on this device since: nothing to show, nothing to fetch.
		if (!(await db.messages.get(row.messageId)) && !(await db.conversations.get(row.conversationId))) {
			await db.remoteFiles.delete(row.id);
			continue;
		}
		if (row.ref.kind !== 'image') await fetchRemoteFile(db, get, row.id);
		else if (!row.thumbnailBlob) await fetchThumbnail(db, get, row);
	}
}

/** A user's "Retry": clears the wait and fetches now (the full file when `full`). */
export async function retryRemoteFile(db: AtriumDatabase, get: BlobGetter, id: string, full: boolean): Promise<void> {
	await db.remoteFiles.update(id, { error: undefined, retryAt: 0 });
	const row = await db.remoteFiles.get(id);
	if (!row) return;
	if (full || row.ref.kind !== 'image') await fetchRemoteFile(db, get, id);
	else await fetchThumbnail(db, get, row);
}
