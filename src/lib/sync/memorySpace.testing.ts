// For the sync tests: a user's Space and blob store in memory, with the edge's rules
// (idempotent by op id, pulled by cursor in pages, blobs by SHA-256), and a switch to
// take it offline. Never imported by the app.
import type { PullResponse, PushResponse, SyncOp } from '../protocol/ops.ts';
import { SyncError, type SyncApi } from './syncApi.ts';

/** The Space's log, in memory: idempotent by op id, pulled by cursor, pages of `pageSize`. */
export class MemorySpace {
	log: SyncOp[] = [];
	online = true;
	/** The next push is stored but its answer is lost. */
	loseNextAck = false;
	pageSize = 3;
	/** The blob store: bytes by SHA-256, and what happened to it, in order. */
	blobs = new Map<string, Blob>();
	events: string[] = [];

	api(): SyncApi {
		return {
			checkBlobs: async (hashes) => {
				if (!this.online) throw new SyncError('offline', 'offline');
				return hashes.map((hash) => this.blobs.has(hash));
			},
			putBlob: async (sha256, blob) => {
				if (!this.online) throw new SyncError('offline', 'offline');
				this.events.push(`put ${sha256.slice(0, 8)}`);
				this.blobs.set(sha256, blob);
			},
			getBlob: async (sha256) => {
				if (!this.online) throw new SyncError('offline', 'offline');
				const blob = this.blobs.get(sha256);
				if (!blob) throw new SyncError('rejected', 'No such blob in this account: upload it first.');
				this.events.push(`get ${sha256.slice(0, 8)}`);
				return blob;
			},
			push: async (ops): Promise<PushResponse> => {
				if (!this.online) throw new SyncError('offline', 'offline');
				for (const op of ops) if (op.type === 'blob.attach') this.events.push(`op ${op.blob.sha256.slice(0, 8)}`);
				const acks = ops.map((op) => {
					const known = this.log.findIndex((o) => o.id === op.id);
					if (known >= 0) return { id: op.id, seq: known + 1, duplicate: true };
					this.log.push(op);
					return { id: op.id, seq: this.log.length, duplicate: false };
				});
				if (this.loseNextAck) {
					this.loseNextAck = false;
					throw new SyncError('offline', 'connection dropped');
				}
				return { acks };
			},
			pull: async (cursor): Promise<PullResponse> => {
				if (!this.online) throw new SyncError('offline', 'offline');
				if (cursor > this.log.length) throw new SyncError('cursor_ahead', 'ahead');
				const ops = this.log.slice(cursor, cursor + this.pageSize).map((op, i) => ({ seq: cursor + i + 1, op }));
				const next = cursor + ops.length;
				return { ops, cursor: next, more: next < this.log.length };
			}
		};
	}
}

