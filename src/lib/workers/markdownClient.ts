/**
 * The main thread's way to the markdown worker: a pool capped at two workers (one worker
 * per message blew the mobile memory cap in HuggingChat), each streaming session pinned to
 * one worker, and a main-thread fallback where Worker is unavailable.
 */
import { wrap } from 'comlink';
import type { Endpoint, Remote } from 'comlink';
import type { BlockPatch, MarkdownService, RenderedBlock } from './markdown/types.ts';

export type { BlockPatch, RenderedBlock } from './markdown/types.ts';

/** The service's methods, asynchronous because they cross a thread. */
export interface MarkdownClient {
	render(text: string): Promise<RenderedBlock[]>;
	open(sessionId: string): Promise<void>;
	update(sessionId: string, text: string): Promise<BlockPatch>;
	finish(sessionId: string, text: string): Promise<BlockPatch>;
	close(sessionId: string): Promise<void>;
}

/** The most workers a pool will start. */
export const maxWorkers = 2;

/** What the pool needs of a Worker: a comlink endpoint it can terminate. */
export interface WorkerLike extends Endpoint {
	terminate(): void;
}

export interface MarkdownPoolOptions {
	/** Workers to start at most; clamped to 1..maxWorkers. */
	size?: number;
	/** Starts one worker; tests pass a MessagePort-backed fake. */
	spawn?: () => WorkerLike;
}

export interface MarkdownPool extends MarkdownClient {
	/** Workers started so far. */
	readonly workerCount: number;
	/**
	 * Starts the first worker now, if none has started, so its module is loaded before the
	 * first text arrives (a reply about to stream): a late worker's first patch renders all
	 * the text streamed meanwhile at once (decision 0028).
	 */
	warm(): void;
	/** Terminates every worker; the pool must not be used afterwards. */
	dispose(): void;
}

interface Slot {
	worker: WorkerLike;
	remote: Remote<MarkdownService>;
	/** Streaming sessions pinned here. */
	sessions: number;
	/** Whole renders in flight here. */
	pending: number;
}

function spawnMarkdownWorker(): WorkerLike {
	return new Worker(new URL('./markdown.worker.ts', import.meta.url), { type: 'module' });
}

/** A pool of at most `maxWorkers` markdown workers, started lazily as load needs them. */
export function createMarkdownPool(options: MarkdownPoolOptions = {}): MarkdownPool {
	const size = Math.min(maxWorkers, Math.max(1, options.size ?? maxWorkers));
	const spawn = options.spawn ?? spawnMarkdownWorker;
	const slots: Slot[] = [];
	const sessionSlots = new Map<string, Slot>();

	/** The least loaded worker, starting another only when every started one is busy. */
	function pick(): Slot {
		let best: Slot | undefined;
		for (const slot of slots) {
			if (!best || slot.sessions + slot.pending < best.sessions + best.pending) best = slot;
		}
		if (best && (best.sessions + best.pending === 0 || slots.length >= size)) return best;
		const worker = spawn();
		const slot: Slot = { worker, remote: wrap<MarkdownService>(worker), sessions: 0, pending: 0 };
		slots.push(slot);
		return slot;
	}

	function sessionSlot(sessionId: string): Slot {
		let slot = sessionSlots.get(sessionId);
		if (!slot) {
			slot = pick();
			slot.sessions++;
			sessionSlots.set(sessionId, slot);
		}
		return slot;
	}

	function release(sessionId: string): void {
		const slot = sessionSlots.get(sessionId);
		if (slot) slot.sessions--;
		sessionSlots.delete(sessionId);
	}

	return {
		get workerCount() {
			return slots.length;
		},
		warm() {
			if (slots.length === 0) pick();
		},
		async render(text) {
			const slot = pick();
			slot.pending++;
			try {
				return await slot.remote.render(text);
			} finally {
				slot.pending--;
			}
		},
		async open(sessionId) {
			await sessionSlot(sessionId).remote.open(sessionId);
		},
		async update(sessionId, text) {
			return sessionSlot(sessionId).remote.update(sessionId, text);
		},
		async finish(sessionId, text) {
			const slot = sessionSlot(sessionId);
			try {
				return await slot.remote.finish(sessionId, text);
			} finally {
				if (sessionSlots.get(sessionId) === slot) release(sessionId);
			}
		},
		async close(sessionId) {
			const slot = sessionSlots.get(sessionId);
			if (!slot) return;
			release(sessionId);
			await slot.remote.close(sessionId);
		},
		dispose() {
			for (const slot of slots) slot.worker.terminate();
			slots.length = 0;
			sessionSlots.clear();
		}
	};
}

/** Runs the service on the calling thread, for browsers (or tests) without Worker. */
export function createMainThreadClient(): MarkdownClient {
	// Loaded on first use so the renderer stays out of the main bundle when workers exist.
	let service: Promise<MarkdownService> | undefined;
	const load = (): Promise<MarkdownService> =>
		(service ??= import('./markdown/service.ts').then((module) => module.createMarkdownService()));
	return {
		render: async (text) => (await load()).render(text),
		open: async (sessionId) => (await load()).open(sessionId),
		update: async (sessionId, text) => (await load()).update(sessionId, text),
		finish: async (sessionId, text) => (await load()).finish(sessionId, text),
		close: async (sessionId) => (await load()).close(sessionId)
	};
}

let shared: MarkdownClient | undefined;

let sharedPool: MarkdownPool | undefined;

/** The app-wide markdown client: the worker pool, or the main thread without Worker. */
export function getMarkdownClient(): MarkdownClient {
	if (!shared) {
		shared = typeof Worker === 'undefined' ? createMainThreadClient() : (sharedPool = createMarkdownPool());
	}
	return shared;
}

/** Starts the app-wide pool's first worker ahead of the first render (see MarkdownPool.warm). */
export function warmMarkdownClient(): void {
	getMarkdownClient();
	sharedPool?.warm();
}
