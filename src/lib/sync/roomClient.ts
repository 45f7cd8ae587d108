// The app's connection to a live room: reconnects with exponential backoff and full
// jitter, shows its state (connected, reconnecting, offline), keeps writes in a queue
// until the room acknowledges them by op id (re-sent after a reconnect; the room applies
// each once), and resumes from the last sequence number it saw, with no gaps or duplicates.
// With a `queue` store the waiting writes also outlive the tab: they are saved with their
// op ids and sent again by the next client of the room (acked by id, so applied once).
import {
	ROOM_CLOSE,
	ROOM_PROTOCOL_VERSION,
	serverFrameSchema,
	type ClientFrame,
	type ClientOp,
	type LogEntry,
	type Participant,
	type PresenceStatus,
	type ServerFrame
} from '../protocol/room.ts';

export type RoomConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

type WelcomeFrame = Extract<ServerFrame, { type: 'welcome' }>;
type ErrorFrame = Extract<ServerFrame, { type: 'error' }>;

export interface RoomClientEvents {
	/** A fresh view of the room (first join, or after the room could not resume us). */
	snapshot?(welcome: WelcomeFrame): void;
	/** One log entry, each exactly once and in order. */
	entry?(entry: LogEntry): void;
	/** Everyone in the room now (kept here from the welcome and each change). */
	presence?(participants: Participant[]): void;
	typing?(frame: Extract<ServerFrame, { type: 'typing' }>): void;
	/** An op was applied (`seq`) or, with `error`, refused; either way it left the queue. */
	settled?(id: string, result: { seq: number } | { error: ErrorFrame }): void;
	/** An error not tied to an op, e.g. a malformed frame. */
	error?(frame: ErrorFrame): void;
	state?(state: RoomConnectionState, reason?: string): void;
	/** How many writes wait for the room now (after a write, an answer, or a restore). */
	pending?(size: number): void;
}

/** A write waiting for the room, with the op id it keeps until acknowledged. */
export interface QueuedRoomOp {
	id: string;
	op: ClientOp;
}

/**
 * Where a room's waiting writes are kept beyond this tab (IndexedDB in the app:
 * src/lib/db/roomOutbox.ts). `load` answers the writes saved for the room, oldest first.
 */
export interface RoomQueueStore {
	load(): Promise<QueuedRoomOp[]>;
	add(entry: QueuedRoomOp): Promise<void>;
	remove(id: string): Promise<void>;
}

export interface RoomClientOptions {
	/** The WebSocket URL (called again on every attempt). */
	url: () => string;
	events: RoomClientEvents;
	baseDelayMs?: number;
	maxDelayMs?: number;
	random?: () => number;
	/** Whether the device thinks it is online (navigator.onLine in the browser). */
	online?: () => boolean;
	WebSocketImpl?: typeof WebSocket;
	/** Keeps the waiting writes across reloads; without it they live in this tab only. */
	queue?: RoomQueueStore;
	/**
	 * At most this many frames per `frameWindowMs` on one connection (58 in 5.5 s), so a long
	 * queue sent after a reconnect stays under the room's flood limit (60 in 5 s, then dropped,
	 * then closed for good) rather than losing the connection; the rest follow as the window allows.
	 */
	maxFrames?: number;
	frameWindowMs?: number;
}

/** Closes after which retrying cannot help: the room said no. */
const FINAL_CLOSES = new Set<number>([ROOM_CLOSE.forbidden, ROOM_CLOSE.notFound, ROOM_CLOSE.kicked, ROOM_CLOSE.signedOut, ROOM_CLOSE.policy, ROOM_CLOSE.tooLarge]);

export class RoomClient {
	#ws: WebSocket | undefined;
	#state: RoomConnectionState = 'connecting';
	#lastSeq: number | undefined;
	#attempt = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#stopped = false;
	/** When this connection's recent frames went out (within `frameWindowMs`). */
	#sentAt: number[] = [];
	/** Ops written on this connection and not answered yet: not written again on it. */
	readonly #sentOn = new Set<string>();
	/** Prompts the room turned away while it was answering another: sent again once it is done. */
	readonly #held = new Set<string>();
	#flushTimer: ReturnType<typeof setTimeout> | undefined;
	#storeWarned = false;
	readonly #pending = new Map<string, ClientOp>();
	#participants = new Map<string, Participant>();
	readonly #options: Required<Omit<RoomClientOptions, 'WebSocketImpl' | 'queue'>> & { WebSocketImpl: typeof WebSocket };
	readonly #store: RoomQueueStore | undefined;

	constructor(options: RoomClientOptions) {
		this.#options = {
			baseDelayMs: 500,
			maxDelayMs: 30_000,
			random: Math.random,
			online: () => true,
			WebSocketImpl: globalThis.WebSocket,
			// The room takes 60 in 5 s (workers/edge/src/rooms/roomState.ts DEFAULT_ROOM_LIMITS).
			// A longer window here, so frames the network delivers closer together than they
			// were sent still arrive under it (a 10-per-second pace, as the bench sends, is fine).
			maxFrames: 58,
			frameWindowMs: 5_500,
			...options
		};
		this.#store = options.queue;
		if (!this.#store) {
			this.#open();
			return;
		}
		// The writes a closed tab left behind go first, before anything written from now on.
		this.#store
			.load()
			.then(
				(saved) => this.#restore(saved),
				() => this.#storeFailed()
			)
			.finally(() => {
				if (!this.#stopped) this.#open();
			});
	}

	get state(): RoomConnectionState {
		return this.#state;
	}

	/** The newest entry this client has applied. */
	get lastSeq(): number | undefined {
		return this.#lastSeq;
	}

	/** Writes waiting for the room's acknowledgement, oldest first. */
	get pending(): ReadonlyMap<string, ClientOp> {
		return this.#pending;
	}

	/** Queues a write and sends it now if connected; returns its op id. */
	send(op: ClientOp, id: string = crypto.randomUUID()): string {
		this.#pending.set(id, op);
		this.#store?.add({ id, op }).catch(() => this.#storeFailed());
		this.#options.events.pending?.(this.#pending.size);
		this.#flush();
		return id;
	}

	/** Ephemeral signals are dropped while disconnected (or sending fast): they mean nothing later. */
	typing(typing: boolean): void {
		if (this.#state === 'connected' && this.#room() > 0) this.#write({ type: 'typing', typing });
	}

	presence(status: PresenceStatus): void {
		if (this.#state === 'connected' && this.#room() > 0) this.#write({ type: 'presence', status });
	}

	/** Try now (the device came back online, or the user asked). */
	reconnect(): void {
		if (this.#stopped || this.#state === 'connected' || this.#state === 'connecting') return;
		clearTimeout(this.#timer);
		this.#open();
	}

	/** The device went offline: stop retrying until `reconnect`. */
	wentOffline(): void {
		if (this.#stopped) return;
		clearTimeout(this.#timer);
		clearTimeout(this.#flushTimer);
		this.#ws?.close(1000, 'offline');
		this.#setState('offline');
	}

	close(): void {
		this.#stopped = true;
		clearTimeout(this.#timer);
		clearTimeout(this.#flushTimer);
		this.#ws?.close(1000, 'left the room');
		this.#setState('closed');
	}

	#open(): void {
		this.#setState(this.#attempt === 0 && this.#lastSeq === undefined ? 'connecting' : 'reconnecting');
		const ws = new this.#options.WebSocketImpl(this.#options.url());
		this.#ws = ws;
		clearTimeout(this.#flushTimer);
		this.#sentOn.clear();
		this.#held.clear();
		this.#sentAt = [];
		ws.addEventListener('open', () => {
			this.#sentAt.push(Date.now());
			ws.send(JSON.stringify({ type: 'hello', v: ROOM_PROTOCOL_VERSION, ...(this.#lastSeq === undefined ? {} : { lastSeq: this.#lastSeq }) } satisfies ClientFrame));
		});
		ws.addEventListener('message', (event) => {
			if (this.#ws !== ws) return;
			const parsed = serverFrameSchema.safeParse(safeJson(String(event.data)));
			if (parsed.success) this.#receive(parsed.data, ws);
		});
		ws.addEventListener('close', (event) => {
			if (this.#ws !== ws) return;
			this.#ws = undefined;
			this.#closed(event.code, event.reason);
		});
	}

	#receive(frame: ServerFrame, ws: WebSocket): void {
		const events = this.#options.events;
		switch (frame.type) {
			case 'welcome':
				if (frame.snapshot) {
					this.#lastSeq = frame.seq;
					events.snapshot?.(frame);
				} else {
					for (const entry of frame.entries ?? []) if (!this.#apply(entry, ws)) return;
				}
				this.#participants = new Map(frame.participants.map((p) => [p.key, p]));
				events.presence?.([...this.#participants.values()]);
				this.#attempt = 0;
				this.#setState('connected');
				this.#flush();
				break;
			case 'entry':
				this.#apply(frame.entry, ws);
				break;
			case 'ack':
				this.#settle(frame.id, { seq: frame.seq });
				break;
			case 'error':
				// Ours to handle: the close (4409) that follows starts over with a snapshot.
				if (frame.code === 'seq_ahead') this.#lastSeq = undefined;
				else if (frame.code === 'rate_limited' && frame.id === undefined) this.#slowDown();
				// A prompt written while offline (or at the same moment as someone else's) meets a
				// reply still streaming: it waits for that reply's end rather than being lost.
				else if (frame.code === 'conflict' && frame.id !== undefined && this.#pending.get(frame.id)?.kind === 'prompt') this.#hold(frame.id);
				else if (frame.id !== undefined) this.#settle(frame.id, { error: frame });
				else events.error?.(frame);
				break;
			case 'participant':
				this.#participants.set(frame.participant.key, frame.participant);
				events.presence?.([...this.#participants.values()]);
				break;
			case 'left':
				this.#participants.delete(frame.key);
				events.presence?.([...this.#participants.values()]);
				break;
			case 'typing':
				events.typing?.(frame);
				break;
		}
	}

	/** Writes the waiting ops not yet sent on this connection, as many as the window allows. */
	#flush(): void {
		if (this.#state !== 'connected') return;
		for (const [id, op] of this.#pending) {
			if (this.#sentOn.has(id) || this.#held.has(id)) continue;
			if (this.#room() <= 0) {
				clearTimeout(this.#flushTimer);
				this.#flushTimer = setTimeout(() => this.#flush(), Math.max(1, this.#sentAt[0]! + this.#options.frameWindowMs - Date.now()));
				return;
			}
			this.#sentOn.add(id);
			this.#write({ type: 'op', id, op });
		}
	}

	#hold(id: string): void {
		this.#sentOn.delete(id);
		this.#held.add(id);
	}

	/** Frames this connection may still send in the current window. */
	#room(): number {
		const since = Date.now() - this.#options.frameWindowMs;
		while (this.#sentAt.length > 0 && this.#sentAt[0]! <= since) this.#sentAt.shift();
		return this.#options.maxFrames - this.#sentAt.length;
	}

	/**
	 * The room dropped frames of ours (it allows fewer than we thought): what is unanswered
	 * goes again after a whole window of silence (an op it did take is acked again, once).
	 */
	#slowDown(): void {
		this.#sentOn.clear();
		this.#sentAt = Array.from({ length: this.#options.maxFrames }, () => Date.now());
		this.#flush();
	}

	#settle(id: string, result: { seq: number } | { error: ErrorFrame }): void {
		this.#sentOn.delete(id);
		this.#held.delete(id);
		if (!this.#pending.delete(id)) return;
		this.#store?.remove(id).catch(() => this.#storeFailed());
		this.#options.events.settled?.(id, result);
		this.#options.events.pending?.(this.#pending.size);
	}

	#restore(saved: QueuedRoomOp[]): void {
		if (saved.length === 0) return;
		const written = [...this.#pending];
		this.#pending.clear();
		for (const { id, op } of saved) this.#pending.set(id, op);
		for (const [id, op] of written) this.#pending.set(id, op);
		this.#options.events.pending?.(this.#pending.size);
	}

	#storeFailed(): void {
		if (this.#storeWarned) return;
		this.#storeWarned = true;
		this.#options.events.error?.({
			type: 'error',
			code: 'unavailable',
			message: 'This browser could not save your unsent changes: they are sent while this tab stays open, and lost if it closes first.'
		});
	}

	/** Applies an entry once, in order; a gap means we missed something: resume again. */
	#apply(entry: LogEntry, ws: WebSocket): boolean {
		const last = this.#lastSeq ?? 0;
		if (entry.seq <= last) return true;
		if (entry.seq !== last + 1) {
			ws.close(4000, 'gap in the room log');
			return false;
		}
		this.#lastSeq = entry.seq;
		this.#options.events.entry?.(entry);
		if (entry.op.kind === 'reply_end' && this.#held.size > 0) {
			this.#held.clear();
			this.#flush();
		}
		return true;
	}

	#closed(code: number, reason: string): void {
		if (this.#stopped || this.#state === 'offline') return;
		if (FINAL_CLOSES.has(code)) {
			this.#stopped = true;
			this.#setState('closed', reason || `The room closed the connection (${code}).`);
			return;
		}
		// The room never got as far as we think (it was restored from an older state): start over.
		if (code === ROOM_CLOSE.seqAhead) this.#lastSeq = undefined;
		if (!this.#options.online()) {
			this.#setState('offline');
			return;
		}
		const ceiling = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** this.#attempt);
		this.#attempt++;
		this.#setState('reconnecting');
		// Full jitter: a room that restarts is not hit by every client at the same instant.
		this.#timer = setTimeout(() => this.#open(), this.#options.random() * ceiling);
	}

	#write(frame: ClientFrame): void {
		this.#sentAt.push(Date.now());
		try {
			this.#ws?.send(JSON.stringify(frame));
		} catch {
			// Closing: the queue is re-sent after the reconnect.
		}
	}

	#setState(state: RoomConnectionState, reason?: string): void {
		if (state === this.#state && reason === undefined) return;
		this.#state = state;
		this.#options.events.state?.(state, reason);
	}
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
