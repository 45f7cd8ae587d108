// A user's sync log: every operation from every device, in the order the Space received
// them. Each new op id gets the next sequence number; a re-sent op (a push retried after a
// lost answer) keeps the number it has, so pushing is idempotent. Devices read the log
// after the cursor they hold. Plain logic over the Durable Object's SQLite storage.
import type { SyncOp } from '../../../../src/lib/protocol/ops.ts';

export interface PushAck {
	id: string;
	seq: number;
	duplicate: boolean;
}

export type PullResult =
	| { ok: true; ops: { seq: number; op: SyncOp }[]; cursor: number; more: boolean }
	/** The cursor is past the end of this log: the device must start again from 0. */
	| { ok: false; reason: 'cursor_ahead'; head: number };

/** A pull stops adding ops past this many bytes of op bodies (it always returns at least one). */
export const PULL_BYTE_BUDGET = 4_000_000;

export class SpaceLog {
	readonly #sql: SqlStorage;

	constructor(sql: SqlStorage) {
		this.#sql = sql;
		sql.exec(`CREATE TABLE IF NOT EXISTS ops (
			seq INTEGER PRIMARY KEY AUTOINCREMENT,
			id TEXT NOT NULL UNIQUE,
			body TEXT NOT NULL
		)`);
	}

	/** The sequence number of the newest op; 0 for an empty log. */
	head(): number {
		return this.#sql.exec<{ head: number | null }>('SELECT MAX(seq) AS head FROM ops').one().head ?? 0;
	}

	/**
	 * Appends the ops whose ids the log does not hold, in the given order. Runs without an
	 * await, so a Durable Object applies one push wholly before the next.
	 */
	push(ops: readonly SyncOp[]): PushAck[] {
		const acks: PushAck[] = [];
		for (const op of ops) {
			const known = this.#sql.exec<{ seq: number }>('SELECT seq FROM ops WHERE id = ?', op.id).toArray()[0];
			if (known) {
				acks.push({ id: op.id, seq: known.seq, duplicate: true });
				continue;
			}
			const row = this.#sql.exec<{ seq: number }>('INSERT INTO ops (id, body) VALUES (?, ?) RETURNING seq', op.id, JSON.stringify(op)).one();
			acks.push({ id: op.id, seq: row.seq, duplicate: false });
		}
		return acks;
	}

	/**
	 * Up to `limit` ops after `cursor`, oldest first, and the cursor to pull from next. A page
	 * also ends once its bodies pass `byteBudget`, so long replies cannot swell one answer.
	 */
	pull(cursor: number, limit: number, byteBudget = PULL_BYTE_BUDGET): PullResult {
		const head = this.head();
		if (cursor > head) return { ok: false, reason: 'cursor_ahead', head };
		const rows: { seq: number; body: string }[] = [];
		let bytes = 0;
		for (const row of this.#sql.exec<{ seq: number; body: string }>('SELECT seq, body FROM ops WHERE seq > ? ORDER BY seq LIMIT ?', cursor, limit)) {
			if (rows.length > 0 && bytes + row.body.length > byteBudget) break;
			rows.push(row);
			bytes += row.body.length;
		}
		// Bodies were validated before they were stored.
		const ops = rows.map((row) => ({ seq: row.seq, op: JSON.parse(row.body) as SyncOp }));
		const next = rows.length > 0 ? rows[rows.length - 1]!.seq : cursor;
		return { ok: true, ops, cursor: next, more: next < head };
	}
}
