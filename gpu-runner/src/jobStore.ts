// The job queue's repository: every read and state change of the `jobs` table goes through
// here, so status transitions are enforced in SQL, where concurrent workers cannot race them.
import { randomUUID } from 'node:crypto';
import type { Client, Row } from '@libsql/client';
import {
	jobKindSchema,
	jobSchema,
	jobSpecSchema,
	jobStatusSchema,
	type Job,
	type JobKind,
	type JobSpec,
	type JobStatus
} from '../../src/lib/protocol/jobs.ts';

/** How a job ended; only a succeeded job carries a result, only a failed one an error. */
export type JobOutcome =
	| { status: 'succeeded'; result: Job['result'] }
	| { status: 'failed'; error: string }
	| { status: 'cancelled' };

export interface QueueCounts {
	queued: number;
	running: number;
}

export interface JobStore {
	/** Adds a queued job and returns it. Throws if `kind` or `spec` is not valid. */
	enqueue(input: { kind: JobKind; spec: JobSpec }): Promise<Job>;
	get(id: string): Promise<Job | undefined>;
	/** Jobs in `status`, oldest first. */
	listByStatus(status: JobStatus, options?: { limit?: number }): Promise<Job[]>;
	/**
	 * Moves the oldest queued job to running and returns it, or undefined when none is queued.
	 * One statement does the pick and the update, so two workers never get the same job.
	 */
	claimNext(): Promise<Job | undefined>;
	/** Records progress (0..1) of a running job; undefined when it is not running (any more). */
	updateProgress(id: string, progress: number): Promise<Job | undefined>;
	/**
	 * Ends a job: succeeded or failed from running, cancelled from queued or running.
	 * Returns undefined when the job does not exist or is not in a state that allows it.
	 */
	finish(id: string, outcome: JobOutcome): Promise<Job | undefined>;
	countActive(): Promise<QueueCounts>;
}

export interface JobStoreOptions {
	/** Milliseconds since the epoch; injectable so tests can order jobs deterministically. */
	now?: () => number;
}

const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1_000;

export function createJobStore(db: Client, options: JobStoreOptions = {}): JobStore {
	const now = options.now ?? Date.now;

	const returningOne = async (sql: string, args: (string | number | null)[]) => {
		const { rows } = await db.execute({ sql, args });
		return rows[0] === undefined ? undefined : rowToJob(rows[0]);
	};

	return {
		async enqueue(input) {
			const kind = jobKindSchema.parse(input.kind);
			const spec = jobSpecSchema.parse(input.spec);
			const at = now();
			const job = await returningOne(
				`INSERT INTO jobs (id, kind, status, spec, result, error, progress, created_at, updated_at)
				 VALUES (?, ?, 'queued', ?, NULL, NULL, 0, ?, ?) RETURNING *`,
				[randomUUID(), kind, JSON.stringify(spec), at, at]
			);
			if (job === undefined) {
				throw new Error('INSERT … RETURNING gave no row');
			}
			return job;
		},

		get(id) {
			return returningOne('SELECT * FROM jobs WHERE id = ?', [id]);
		},

		async listByStatus(status, listOptions = {}) {
			const limit = Math.min(Math.max(1, Math.trunc(listOptions.limit ?? DEFAULT_LIST_LIMIT)), MAX_LIST_LIMIT);
			const { rows } = await db.execute({
				sql: 'SELECT * FROM jobs WHERE status = ? ORDER BY created_at, rowid LIMIT ?',
				args: [jobStatusSchema.parse(status), limit]
			});
			return rows.map(rowToJob);
		},

		claimNext() {
			// SQLite runs one statement under one write lock, so no other connection can claim
			// between the pick and the update; the outer `status = 'queued'` keeps the guarantee
			// explicit rather than resting on that alone.
			return returningOne(
				`UPDATE jobs SET status = 'running', updated_at = ?
				 WHERE status = 'queued' AND id = (
					SELECT id FROM jobs WHERE status = 'queued' ORDER BY created_at, rowid LIMIT 1
				 ) RETURNING *`,
				[now()]
			);
		},

		updateProgress(id, progress) {
			if (!Number.isFinite(progress) || progress < 0 || progress > 1) {
				throw new RangeError(`Job progress must be between 0 and 1, got ${progress}`);
			}
			return returningOne(
				`UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ? AND status = 'running' RETURNING *`,
				[progress, now(), id]
			);
		},

		finish(id, outcome) {
			const at = now();
			switch (outcome.status) {
				case 'succeeded':
					return returningOne(
						`UPDATE jobs SET status = 'succeeded', result = ?, error = NULL, progress = 1, updated_at = ?
						 WHERE id = ? AND status = 'running' RETURNING *`,
						[JSON.stringify(jobSchema.shape.result.parse(outcome.result)), at, id]
					);
				case 'failed':
					return returningOne(
						`UPDATE jobs SET status = 'failed', result = NULL, error = ?, updated_at = ?
						 WHERE id = ? AND status = 'running' RETURNING *`,
						[outcome.error, at, id]
					);
				case 'cancelled':
					return returningOne(
						`UPDATE jobs SET status = 'cancelled', updated_at = ?
						 WHERE id = ? AND status IN ('queued', 'running') RETURNING *`,
						[at, id]
					);
			}
		},

		async countActive() {
			const { rows } = await db.execute(
				`SELECT status, COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running') GROUP BY status`
			);
			const counts: QueueCounts = { queued: 0, running: 0 };
			for (const row of rows) {
				const status = row['status'];
				if (status === 'queued' || status === 'running') {
					counts[status] = Number(row['n']);
				}
			}
			return counts;
		}
	};
}

/** Turns a `jobs` row into the wire record, validating it so a corrupt row fails loudly here. */
function rowToJob(row: Row): Job {
	return jobSchema.parse({
		id: row['id'],
		kind: row['kind'],
		status: row['status'],
		spec: parseJsonColumn(row['spec']),
		result: row['result'] === null ? null : parseJsonColumn(row['result']),
		error: row['error'],
		progress: row['progress'],
		createdAt: new Date(Number(row['created_at'])).toISOString(),
		updatedAt: new Date(Number(row['updated_at'])).toISOString()
	});
}

function parseJsonColumn(value: Row[string] | undefined): unknown {
	if (typeof value !== 'string') {
		throw new TypeError(`Expected a JSON text column, got ${typeof value}`);
	}
	return JSON.parse(value);
}
