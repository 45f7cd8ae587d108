// Moves operations between this device and the user's Space: pushes the outbox (removing
// what the server acknowledged), then pulls by cursor and applies what other devices did.
// One sync runs at a time; a request during a run queues exactly one more run.
import { liveQuery, type Subscription } from 'dexie';
import { MAX_PUSH_BODY_BYTES, MAX_PUSH_OPS, type SyncOp } from '../protocol/ops.ts';
import type { AtriumDatabase, OutboxRow } from '../db/database.ts';
import { applyRemoteOps, remoteTables } from './applyRemote.ts';
import { uploadBlobsFor } from './blobUpload.ts';
import { enableSync } from './opClock.ts';
import { fetchEagerFiles } from './remoteFiles.ts';
import { httpSyncApi, SyncError, type SyncApi } from './syncApi.ts';

export type SyncStatus = 'idle' | 'syncing' | 'offline' | 'error';

/** How often a visible tab syncs when nothing else asks it to. */
export const SYNC_INTERVAL_MS = 30_000;
/** How long after a local change the outbox is pushed (changes in a burst go together). */
export const PUSH_DELAY_MS = 500;
/** Pushes stay under the edge's body limit with room for the envelope. */
const BATCH_BYTES = Math.floor(MAX_PUSH_BODY_BYTES * 0.9);

export interface SyncerOptions {
	db: AtriumDatabase;
	/** The signed-in user: the cursor is theirs, so another account starts from 0. */
	userId: string;
	api?: SyncApi;
	/** Told which conversations pulled ops changed, after they are stored. */
	onApplied?: (conversationIds: string[]) => void;
}

export class Syncer {
	status = $state<SyncStatus>('idle');
	/** What went wrong last, worded for the user; null after a clean run. */
	message = $state<string | null>(null);
	lastSyncedAt = $state<number | null>(null);
	/** Local changes not yet acknowledged by the server. */
	pending = $state(0);

	readonly #db: AtriumDatabase;
	readonly #api: SyncApi;
	readonly #userId: string;
	readonly #cursorKey: string;
	readonly #onApplied: (conversationIds: string[]) => void;
	#running: Promise<void> | null = null;
	#again = false;
	#stops: (() => void)[] = [];

	constructor(options: SyncerOptions) {
		this.#db = options.db;
		this.#api = options.api ?? httpSyncApi;
		this.#userId = options.userId;
		this.#cursorKey = `sync.cursor:${options.userId}`;
		this.#onApplied = options.onApplied ?? (() => undefined);
	}

	/** Syncs now; resolves when this device has pushed and pulled everything it could. */
	syncNow(): Promise<void> {
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.#running = (async () => {
			try {
				do {
					this.#again = false;
					await oneTabAtATime(() => this.#run());
				} while (this.#again);
			} finally {
				this.#running = null;
			}
		})();
		return this.#running;
	}

	/** Turns sync on for this device and keeps it running: on start, online, visible, interval, change. */
	async start(): Promise<void> {
		await enableSync(this.#db, this.#userId);
		const kick = () => void this.syncNow();
		const onOffline = () => this.#markOffline();
		const onVisible = () => {
			if (document.visibilityState === 'visible') kick();
		};
		window.addEventListener('online', kick);
		window.addEventListener('offline', onOffline);
		document.addEventListener('visibilitychange', onVisible);
		const interval = setInterval(onVisible, SYNC_INTERVAL_MS);
		let timer: ReturnType<typeof setTimeout> | undefined;
		const outbox: Subscription = liveQuery(() => this.#db.outbox.count()).subscribe((count) => {
			this.pending = count;
			clearTimeout(timer);
			if (count > 0) timer = setTimeout(kick, PUSH_DELAY_MS);
		});
		this.#stops.push(
			() => window.removeEventListener('online', kick),
			() => window.removeEventListener('offline', onOffline),
			() => document.removeEventListener('visibilitychange', onVisible),
			() => clearInterval(interval),
			() => clearTimeout(timer),
			() => outbox.unsubscribe()
		);
		kick();
	}

	stop(): void {
		for (const stop of this.#stops.splice(0)) stop();
	}

	async #run(): Promise<void> {
		if (typeof navigator !== 'undefined' && navigator.onLine === false) {
			this.#markOffline();
			return;
		}
		this.status = 'syncing';
		this.message = null;
		try {
			await this.#pushAll();
			await this.#pullAll();
			this.status = 'idle';
			this.lastSyncedAt = Date.now();
			// Each file keeps its own error and retry time; none fails the run.
			await fetchEagerFiles(this.#db, (sha256) => this.#api.getBlob(sha256));
		} catch (error) {
			const kind = error instanceof SyncError ? error.kind : 'server';
			this.status = kind === 'offline' ? 'offline' : 'error';
			this.message = error instanceof Error ? error.message : String(error);
		}
	}

	#markOffline(): void {
		this.status = 'offline';
		this.message = 'Offline: changes stay on this device and sync when you are back online.';
	}

	async #pushAll(): Promise<void> {
		let single = false;
		for (;;) {
			const batch = await this.#nextBatch(single ? 1 : MAX_PUSH_OPS);
			if (batch.length === 0) return;
			// Bytes first: an op is never pushed before the blob it refers to.
			const refused = await uploadBlobsFor(this.#db, this.#api, batch.map((row) => row.op));
			if (refused.size > 0) {
				await this.#db.outbox.bulkDelete(batch.filter((row) => refused.has(row.op.id)).map((row) => row.seq as number));
				this.message = `A file could not be synced and stays on this device only: ${[...refused.values()][0]}.`;
				continue;
			}
			try {
				const { acks } = await this.#api.push(batch.map((row) => row.op));
				// A local lookup, never rendered: no reactivity wanted.
				// eslint-disable-next-line svelte/prefer-svelte-reactivity
				const acked = new Set(acks.map((ack) => ack.id));
				await this.#db.outbox.bulkDelete(batch.filter((row) => acked.has(row.op.id)).map((row) => row.seq as number));
				single = false;
			} catch (error) {
				if (!(error instanceof SyncError && error.kind === 'rejected')) throw error;
				if (batch.length > 1) {
					// Find the op the server refuses by sending one at a time.
					single = true;
					continue;
				}
				// One op the server will never take must not hold back every later change.
				await this.#db.outbox.delete(batch[0]?.seq as number);
				this.message = `A change could not be synced and stays on this device only: ${error.message}`;
			}
		}
	}

	async #nextBatch(maxOps: number): Promise<OutboxRow[]> {
		const rows = await this.#db.outbox.orderBy('seq').limit(maxOps).toArray();
		const batch: OutboxRow[] = [];
		let bytes = 0;
		for (const row of rows) {
			bytes += new TextEncoder().encode(JSON.stringify(row.op)).byteLength + 1;
			if (batch.length > 0 && bytes > BATCH_BYTES) break;
			batch.push(row);
		}
		return batch;
	}

	async #pullAll(): Promise<void> {
		for (;;) {
			const cursor = await this.#cursor();
			let page;
			try {
				page = await this.#api.pull(cursor);
			} catch (error) {
				if (!(error instanceof SyncError && error.kind === 'cursor_ahead')) throw error;
				// The server's log is behind what this device saw (restored from a backup):
				// pull it all again; applying an op twice changes nothing.
				await this.#db.settings.put({ key: this.#cursorKey, value: 0 });
				continue;
			}
			const ops: SyncOp[] = page.ops.map((entry) => entry.op);
			const changed = await this.#db.transaction('rw', remoteTables(this.#db), async () => {
				const touched = await applyRemoteOps(this.#db, ops);
				await this.#db.settings.put({ key: this.#cursorKey, value: page.cursor });
				return touched;
			});
			if (changed.size > 0) this.#onApplied([...changed]);
			if (!page.more) return;
		}
	}

	async #cursor(): Promise<number> {
		const value = (await this.#db.settings.get(this.#cursorKey))?.value;
		return typeof value === 'number' ? value : 0;
	}
}

/**
 * Runs `task` under a Web Lock, so the tabs of one browser take turns: two tabs pushing the
 * same outbox at once would be harmless (the server dedupes) but wasteful.
 */
function oneTabAtATime(task: () => Promise<void>): Promise<void> {
	const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
	return locks ? locks.request('atrium-sync', task) : task();
}

let active: Syncer | null = null;

/** Makes `syncer` the one `syncNow()` drives (null when nobody is signed in). */
export function setActiveSyncer(syncer: Syncer | null): void {
	active = syncer;
}

/**
 * Syncs now if a signed-in user's sync is running (pull to refresh calls this); resolves
 * at once otherwise.
 */
export function syncNow(): Promise<void> {
	return active ? active.syncNow() : Promise.resolve();
}
