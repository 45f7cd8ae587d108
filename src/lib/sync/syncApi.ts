// The app's calls to /api/sync. Answers are checked against the shared protocol; failures
// become a SyncError whose kind tells the syncer what to do next.
import { apiErrorSchema } from '../protocol/chat.ts';
import { blobCheckResponseSchema, pullResponseSchema, pushResponseSchema, type PullResponse, type PushResponse, type SyncOp } from '../protocol/ops.ts';

export type SyncErrorKind = 'offline' | 'signed_out' | 'cursor_ahead' | 'rejected' | 'server';

export class SyncError extends Error {
	override readonly name = 'SyncError';
	readonly kind: SyncErrorKind;
	constructor(kind: SyncErrorKind, message: string) {
		super(message);
		this.kind = kind;
	}
}

export interface SyncApi {
	push(ops: readonly SyncOp[]): Promise<PushResponse>;
	pull(cursor: number): Promise<PullResponse>;
	/** `present[i]` says whether the server holds blob `hashes[i]` for this user. */
	checkBlobs(hashes: readonly string[]): Promise<boolean[]>;
	putBlob(sha256: string, blob: Blob): Promise<void>;
	getBlob(sha256: string): Promise<Blob>;
}

async function call(path: string, init: RequestInit): Promise<unknown> {
	return (await send(path, init)).json();
}

async function send(path: string, init: RequestInit): Promise<Response> {
	let response: Response;
	try {
		response = await fetch(path, { ...init, credentials: 'same-origin' });
	} catch {
		throw new SyncError('offline', 'Cannot reach the Atrium server; changes stay on this device until it is back.');
	}
	if (response.ok) return response;
	const body = apiErrorSchema.safeParse(await response.json().catch(() => null));
	const message = body.success ? body.data.error.message : `The server answered ${response.status}.`;
	if (response.status === 401) throw new SyncError('signed_out', message);
	if (response.status === 409) throw new SyncError('cursor_ahead', message);
	if (response.status === 400 || response.status === 413) throw new SyncError('rejected', message);
	throw new SyncError(response.status >= 500 || response.status === 429 ? 'server' : 'rejected', message);
}

/** The API of the app's own origin (where the edge serves /api). */
export const httpSyncApi: SyncApi = {
	async push(ops) {
		const body = await call('/api/sync/push', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ops }) });
		return pushResponseSchema.parse(body);
	},
	async pull(cursor) {
		return pullResponseSchema.parse(await call(`/api/sync/pull?cursor=${cursor}`, {}));
	},
	async checkBlobs(hashes) {
		const body = await call('/api/sync/blobs/check', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sha256: hashes }) });
		const { present } = blobCheckResponseSchema.parse(body);
		if (present.length !== hashes.length) throw new SyncError('server', 'The server answered the blob check for the wrong number of files.');
		return present;
	},
	async putBlob(sha256, blob) {
		await send(`/api/sync/blobs/${sha256}`, { method: 'PUT', headers: { 'Content-Type': blob.type || 'application/octet-stream' }, body: blob });
	},
	async getBlob(sha256) {
		const response = await send(`/api/sync/blobs/${sha256}`, {});
		try {
			return await response.blob();
		} catch {
			throw new SyncError('offline', 'The download broke off; it is retried later.');
		}
	}
};
