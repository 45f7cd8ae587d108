// The `Space` Durable Object: one per user (named by user id), holding that user's sync
// log in its SQLite storage. A thin shell: calls arrive over RPC from the sync routes and
// go straight to SpaceLog.
import { DurableObject } from 'cloudflare:workers';
import type { SyncOp } from '../../../../src/lib/protocol/ops.ts';
import { SpaceLog, type PullResult, type PushAck } from './spaceLog.ts';

export class Space extends DurableObject {
	#log: SpaceLog;

	constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
		super(ctx, env);
		this.#log = new SpaceLog(ctx.storage.sql);
	}

	/** Appends the ops the log does not hold yet; one transaction, so a push lands whole. */
	push(ops: SyncOp[]): PushAck[] {
		return this.ctx.storage.transactionSync(() => this.#log.push(ops));
	}

	pull(cursor: number, limit: number): PullResult {
		return this.#log.pull(cursor, limit);
	}

	/** Bytes this Space's storage takes: the user's share of edge storage for sync. */
	size(): number {
		return this.ctx.storage.sql.databaseSize;
	}

	/** Forgets the whole log, for "delete my account"; the object is empty afterwards. */
	async erase(): Promise<void> {
		await this.ctx.storage.deleteAll();
		// deleteAll drops the tables too: start an empty log so this instance keeps working.
		this.#log = new SpaceLog(this.ctx.storage.sql);
	}
}
