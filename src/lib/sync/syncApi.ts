// The app's calls to /api/sync. Answers are checked against the shared protocol; failures
// become a SyncError whose kind tells the syncer what to do next.
import { apiErrorSchema } from '../protocol/chat.ts';
import { pullResponseSchema, pushResponseSchema, type PullResponse, type PushResponse, type SyncOp } from '../protocol/ops.ts';

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
}

async function call(path: string, init: RequestInit): Promise<unknown> {
	let response: Response;
	try {
		response = await fetch(path, { ...init, credentials: 'same-origin' });
	} catch {
		throw new SyncError('offline', 'Cannot reach the Atrium server; changes stay on this device until it is back.');
	}
	if (response.ok) return response.json();
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
	}
};
