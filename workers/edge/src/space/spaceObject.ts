// The `Space` Durable Object: one per user (named by user id), holding that user's sync
// log in its SQLite storage. A thin shell: calls arrive over RPC from the sync routes and
// go straight to SpaceLog.
import { DurableObject } from 'cloudflare:workers';
import type { SyncOp } from '../../../../src/lib/protocol/ops.ts';
import { SpaceLog, type PullResult, type PushAck } from './spaceLog.ts';

export class Space extends DurableObject {
	readonly #log: SpaceLog;

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
}
