// The room client against a real WebSocket server running the edge's RoomState (and, where
// a test needs the room to misbehave, a scripted one).
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { clientFrameSchema, serverFrameSchema, type ClientFrame, type LogEntry } from '../protocol/room.ts';
import { startRoomServer, type FakeRoomServer } from '../../../tests/fixtures/roomServer.ts';
import { AtriumDatabase } from '../db/database.ts';
import { roomQueueStore } from '../db/roomOutbox.ts';
import { RoomClient, type RoomClientEvents, type RoomConnectionState, type RoomQueueStore } from './roomClient.ts';

let server: FakeRoomServer;
const clients: RoomClient[] = [];
/** Servers a test started besides `server`, closed after it. */
const others: { close(): Promise<void> }[] = [];

beforeEach(async () => {
	server = await startRoomServer();
});
afterEach(async () => {
	for (const client of clients.splice(0)) client.close();
	await server.close();
	for (const other of others.splice(0)) await other.close();
	vi.useRealTimers();
});

interface Probe {
	client: RoomClient;
	entries: LogEntry[];
	states: RoomConnectionState[];
	settled: Map<string, { seq: number } | { error: unknown }>;
}

function connect(
	query = 'role=edit',
	options: { online?: () => boolean; random?: () => number; queue?: RoomQueueStore; maxFrames?: number; WebSocketImpl?: typeof WebSocket } = {},
	events: RoomClientEvents = {}
): Probe {
	const probe: Omit<Probe, 'client'> = { entries: [], states: [], settled: new Map() };
	const client = new RoomClient({
		url: () => `${server.url}/?${query}`,
		baseDelayMs: 20,
		maxDelayMs: 200,
		...options,
		events: {
			...events,
			entry: (entry) => probe.entries.push(entry),
			state: (state) => probe.states.push(state),
			settled: (id, result) => probe.settled.set(id, result)
		}
	});
	clients.push(client);
	return { ...probe, client };
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

const react = (reaction: 'up' | 'down') => ({ kind: 'react' as const, messageId: 'm1', reaction });
const annotate = (text: string) => ({ kind: 'annotate' as const, messageId: 'm1', text });
const seqs = (entries: LogEntry[]) => entries.map((e) => e.seq);

describe('RoomClient', () => {
	it('connects, sends an op and gets it acknowledged by id and broadcast once', async () => {
		const a = connect();
		await until(() => a.client.state === 'connected', 'connected');
		const id = a.client.send(react('up'));
		await until(() => a.settled.has(id), 'ack');
		expect(a.settled.get(id)).toEqual({ seq: 2 });
		expect(seqs(a.entries)).toEqual([2]);
		expect(a.client.pending.size).toBe(0);
	});

	it('queues writes while the room is unreachable and sends them once on reconnect', async () => {
		const a = connect();
		await until(() => a.client.state === 'connected', 'connected');
		server.pause();
		server.dropAll();
		await until(() => a.client.state === 'reconnecting', 'reconnecting');
		const ids = [a.client.send(annotate('one')), a.client.send(annotate('two')), a.client.send(annotate('three'))];
		expect(a.client.pending.size).toBe(3);
		server.resume();
		await until(() => ids.every((id) => a.settled.has(id)), 'all acked');
		const texts = server.state.log.since(0).flatMap((e) => (e.op.kind === 'annotate' ? [e.op.annotation.text] : []));
		expect(texts).toEqual(['one', 'two', 'three']);
		expect(seqs(a.entries)).toEqual([2, 3, 4]);
	});

	it('resumes from its last seq: every entry written meanwhile arrives exactly once, in order', async () => {
		const a = connect();
		const b = connect();
		await until(() => a.client.state === 'connected' && b.client.state === 'connected', 'both connected');
		a.client.send(annotate('before'));
		await until(() => b.entries.length === 1, 'b saw the first');
		b.client.wentOffline();
		for (let i = 0; i < 5; i++) a.client.send(annotate(`while away ${i}`));
		await until(() => a.entries.length === 6, 'a wrote six');
		b.client.reconnect();
		await until(() => b.entries.length === 6, 'b caught up');
		expect(seqs(b.entries)).toEqual([2, 3, 4, 5, 6, 7]);
		expect(b.client.lastSeq).toBe(server.state.log.seq);
	});

	it('applies an op once when the connection drops before its ack arrives', async () => {
		const a = connect();
		await until(() => a.client.state === 'connected', 'connected');
		const id = a.client.send(annotate('only once'));
		server.dropAll();
		await until(() => a.settled.has(id), 'ack after reconnect');
		const copies = server.state.log.since(0).filter((e) => e.clientOpId === id);
		expect(copies).toHaveLength(1);
		expect(a.entries.filter((e) => e.clientOpId === id)).toHaveLength(1);
	});

	it('backs off between attempts while the room is down', async () => {
		const a = connect('role=edit', { random: () => 1 });
		await until(() => a.client.state === 'connected', 'connected');
		server.pause();
		const before = server.attempts();
		server.dropAll();
		await new Promise((resolve) => setTimeout(resolve, 700));
		// 20, 40, 80, 160, 200, 200… ms: a handful of tries, not a tight loop.
		const tries = server.attempts() - before;
		expect(tries).toBeGreaterThanOrEqual(3);
		expect(tries).toBeLessThanOrEqual(7);
		server.resume();
		await until(() => a.client.state === 'connected', 'connected again');
	});

	it('waits while offline, and reconnects when told the device is back', async () => {
		let online = true;
		const a = connect('role=edit', { online: () => online });
		await until(() => a.client.state === 'connected', 'connected');
		online = false;
		server.dropAll();
		await until(() => a.client.state === 'offline', 'offline');
		const id = a.client.send(react('down'));
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(a.client.state).toBe('offline');
		online = true;
		a.client.reconnect();
		await until(() => a.settled.has(id), 'queued op acked');
	});

	/** Writes 70 annotations while the room is away (more than the 60 frames in 5 s a socket may send), then lets it back. */
	async function floodOnReconnect(options: { maxFrames?: number } = {}) {
		const errors: string[] = [];
		const received: string[] = [];
		class RecordingSocket extends WebSocket {
			constructor(url: string | URL) {
				super(url);
				this.addEventListener('message', (event) => received.push(String(event.data)));
			}
		}
		const a = connect('role=edit&key=user:e', { ...options, WebSocketImpl: RecordingSocket }, { error: (frame) => errors.push(frame.code) });
		await until(() => a.client.state === 'connected', 'connected');
		server.pause();
		server.dropAll();
		await until(() => a.client.state === 'reconnecting', 'reconnecting');
		const ids = Array.from({ length: 70 }, (_, i) => a.client.send(annotate(`queued ${i}`)));
		server.resume();
		await until(() => ids.every((id) => a.settled.has(id)), 'all acked', 14_000);
		const texts = server.state.log.since(0).flatMap((e) => (e.op.kind === 'annotate' ? [e.op.annotation.text] : []));
		expect(texts).toEqual(ids.map((_, i) => `queued ${i}`));
		expect(errors).toEqual([]);
		expect(a.client.state).toBe('connected');
		expect(a.states.filter((state) => state === 'connected')).toHaveLength(2);
		return { rateLimited: received.filter((frame) => frame.includes('"rate_limited"')).length };
	}

	it('sends a queue longer than the room’s flood limit at a pace it accepts: all applied once, nothing dropped', async () => {
		expect(await floodOnReconnect()).toEqual({ rateLimited: 0 });
	}, 15_000);

	it('sends again what the room dropped for coming too fast, after a pause, each applied once and the connection kept', async () => {
		// A client that thinks the room allows more than it does.
		expect(await floodOnReconnect({ maxFrames: 1_000 })).toEqual({ rateLimited: 1 });
	}, 15_000);

	it('reports a refused op, and stops for good when removed from the room', async () => {
		const viewer = connect('role=view&key=user:v');
		const admin = connect('role=admin&key=user:boss');
		await until(() => viewer.client.state === 'connected' && admin.client.state === 'connected', 'connected');
		const id = viewer.client.send(react('up'));
		await until(() => viewer.settled.has(id), 'refusal');
		expect(viewer.settled.get(id)).toMatchObject({ error: { code: 'forbidden' } });
		admin.client.send({ kind: 'kick', key: 'user:v' });
		await until(() => viewer.client.state === 'closed', 'closed');
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(server.connections()).toBe(1);
	});
});

/** A WebSocket that never gets through: each attempt closes (1006) right after it starts. */
class UnreachableSocket extends EventTarget {
	static opened: number[] = [];
	constructor(_url: string) {
		super();
		UnreachableSocket.opened.push(Date.now());
		void Promise.resolve().then(() => this.dispatchEvent(Object.assign(new Event('close'), { code: 1006, reason: '' })));
	}
	send(): void {}
	close(): void {}
}

describe('RoomClient backoff', () => {
	it('waits random × a ceiling that doubles with each failed attempt, up to the cap (full jitter)', async () => {
		vi.useFakeTimers();
		UnreachableSocket.opened = [];
		const client = new RoomClient({
			url: () => 'ws://room.test',
			baseDelayMs: 100,
			maxDelayMs: 1_000,
			random: () => 0.5,
			WebSocketImpl: UnreachableSocket as unknown as typeof WebSocket,
			events: {}
		});
		clients.push(client);
		await vi.advanceTimersByTimeAsync(2_300);
		const waits = UnreachableSocket.opened.slice(1).map((at, i) => at - UnreachableSocket.opened[i]!);
		// Half of 100, 200, 400, 800, then of the 1,000 ms cap.
		expect(waits).toEqual([50, 100, 200, 400, 500, 500, 500]);
		expect(client.state).toBe('reconnecting');
	});
});

/**
 * A room that answers each frame with `script` (the frame, the socket, the connection's
 * number): for rooms that misbehave on purpose. Records every hello and the close code of
 * each connection.
 */
async function scriptedRoom(script: (frame: ClientFrame, socket: ServerSocket, n: number) => void) {
	const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
	await new Promise<void>((resolve) => wss.once('listening', resolve));
	const hellos: (number | undefined)[] = [];
	const closeCodes: number[] = [];
	wss.on('connection', (socket) => {
		const n = hellos.length;
		socket.on('message', (data) => {
			const frame = clientFrameSchema.parse(JSON.parse(String(data)));
			if (frame.type === 'hello') hellos.push(frame.lastSeq);
			script(frame, socket, n);
		});
		socket.on('close', (code) => closeCodes.push(code));
	});
	const address = wss.address();
	if (typeof address !== 'object' || address === null) throw new Error('no address');
	const room = {
		url: `ws://127.0.0.1:${address.port}`,
		hellos,
		closeCodes,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of wss.clients) socket.terminate();
				wss.close(() => resolve());
			})
	};
	others.push(room);
	return room;
}

const you = { key: 'user:e', name: 'Eddie', role: 'edit' as const, status: 'here' as const, guest: false };
const entry = (seq: number): LogEntry => ({ seq, at: seq, by: { key: 'user:o', name: 'Olga' }, op: { kind: 'react', messageId: 'm1', reaction: seq % 2 ? 'up' : 'down' } });
/** Sends a frame as the room would, checked against the protocol first. */
const send = (socket: ServerSocket, frame: unknown) => socket.send(JSON.stringify(serverFrameSchema.parse(frame)));
const snapshotAt = (seq: number) => ({
	type: 'welcome',
	v: 1,
	you,
	seq,
	snapshot: { id: 'r', title: 'Room', model: null, messages: [], reactions: {}, annotations: [], notes: '', notesHistory: [] },
	participants: [you]
});

describe('RoomClient resume', () => {
	it('closes on a gap in the seqs, resumes from its last seq and applies each entry once', async () => {
		const room = await scriptedRoom((hello, socket, n) => {
			if (hello.type !== 'hello') return;
			if (n === 0) {
				send(socket, snapshotAt(1));
				// Entry 3 is lost on the way.
				for (const seq of [2, 4, 5]) send(socket, { type: 'entry', entry: entry(seq) });
				return;
			}
			const from = hello.lastSeq ?? 0;
			send(socket, { type: 'welcome', v: 1, you, seq: 5, entries: [3, 4, 5].filter((seq) => seq > from).map(entry), participants: [you] });
			// Sent again (an old broadcast crossing the resume), then a new one.
			send(socket, { type: 'entry', entry: entry(5) });
			send(socket, { type: 'entry', entry: entry(6) });
		});
		const seen: LogEntry[] = [];
		const client = new RoomClient({ url: () => room.url, baseDelayMs: 20, maxDelayMs: 200, events: { entry: (e) => seen.push(e) } });
		clients.push(client);
		await until(() => client.lastSeq === 6, 'caught up to seq 6');
		expect(seqs(seen)).toEqual([2, 3, 4, 5, 6]);
		expect(room.hellos).toEqual([undefined, 2]);
		expect(room.closeCodes[0]).toBe(4000);
		expect(client.state).toBe('connected');
	});

	it('drops its resume point when the room is behind it (4409) and starts over from a snapshot', async () => {
		const snapshots: number[] = [];
		const errors: string[] = [];
		const a = connect('role=edit&key=user:e', {}, { snapshot: (welcome) => snapshots.push(welcome.seq), error: (frame) => errors.push(frame.message) });
		await until(() => a.client.state === 'connected', 'connected');
		for (const text of ['one', 'two', 'three']) a.client.send(annotate(text));
		await until(() => a.client.lastSeq === 4, 'at seq 4');
		// The room comes back from an older state: a fresh room at seq 1 behind the same URL.
		const old = server;
		server = await startRoomServer();
		others.push(old);
		old.dropAll();
		await until(() => snapshots.length === 2, 'a second snapshot');
		expect(snapshots).toEqual([1, 1]);
		expect(a.client.lastSeq).toBe(1);
		// No error for the user: the client recovered by itself.
		expect(errors).toEqual([]);
		// And it applies what the restored room writes next (seq 2 again), rather than skipping it.
		const id = a.client.send(annotate('after the restore'));
		await until(() => a.settled.has(id), 'ack');
		expect(a.client.lastSeq).toBe(2);
		expect(a.entries.at(-1)).toMatchObject({ seq: 2, op: { kind: 'annotate', annotation: { text: 'after the restore' } } });
	});
});

describe('RoomClient queue that outlives the tab', () => {
	let db: AtriumDatabase;
	beforeEach(() => {
		db = new AtriumDatabase(`room-outbox-${crypto.randomUUID()}`);
	});
	afterEach(async () => {
		db.close();
		await Dexie.delete(db.name);
	});

	it('sends the writes a closed tab left unsent, each applied once, and forgets them once acknowledged', async () => {
		const first = connect('role=edit&key=user:e', { queue: roomQueueStore(db, 'r') });
		await until(() => first.client.state === 'connected', 'connected');
		// One write goes out as the tab closes (it may or may not have reached the room)…
		const raced = first.client.send(annotate('raced the close'));
		server.pause();
		server.dropAll();
		await until(() => first.client.state === 'reconnecting', 'reconnecting');
		// …two more are written while the room is out of reach; then the tab closes.
		const queued = [first.client.send(annotate('offline one')), first.client.send(annotate('offline two'))];
		await until(() => first.client.pending.size === 3, 'three waiting');
		first.client.close();
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect((await db.roomOutbox.toArray()).map((row) => row.id)).toEqual([raced, ...queued]);

		// A reload: a new client of the room, with only what IndexedDB kept.
		server.resume();
		const sizes: number[] = [];
		const second = connect('role=edit&key=user:e', { queue: roomQueueStore(db, 'r') }, { pending: (size) => sizes.push(size) });
		await until(() => [raced, ...queued].every((id) => second.settled.has(id)), 'all three acked');
		expect(sizes[0]).toBe(3);
		const texts = server.state.log.since(0).flatMap((e) => (e.op.kind === 'annotate' ? [e.op.annotation.text] : []));
		expect(texts).toEqual(['raced the close', 'offline one', 'offline two']);
		await until(() => second.client.pending.size === 0, 'queue empty');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await db.roomOutbox.count()).toBe(0);
	});

	it('keeps each room’s writes to that room, and drops a saved write that is not a valid op', async () => {
		const store = roomQueueStore(db, 'r');
		await store.add({ id: 'a', op: annotate('for r') });
		await roomQueueStore(db, 'other').add({ id: 'b', op: annotate('for other') });
		await db.roomOutbox.add({ id: 'c', roomId: 'r', op: { kind: 'annotate', messageId: 'm1', text: '' }, queuedAt: 0 });
		expect(await store.load()).toEqual([{ id: 'a', op: annotate('for r') }]);
		expect((await db.roomOutbox.toArray()).map((row) => row.id).sort()).toEqual(['a', 'b']);
		await store.remove('a');
		expect(await store.load()).toEqual([]);
	});
});

describe('RoomClient prompts while the room answers', () => {
	it('holds a prompt the room turned away as busy (conflict) and sends it once the reply ends', async () => {
		const prompts: string[] = [];
		let socket: ServerSocket | undefined;
		let seq = 1;
		const logged = (op: LogEntry['op']) => send(socket!, { type: 'entry', entry: { seq: ++seq, at: seq, by: you, op } });
		let streaming = false;
		const room = await scriptedRoom((frame, ws) => {
			socket = ws;
			if (frame.type === 'hello') send(ws, snapshotAt(seq));
			if (frame.type !== 'op' || frame.op.kind !== 'prompt') return;
			prompts.push(frame.op.text);
			if (streaming) {
				send(ws, { type: 'error', code: 'conflict', message: 'The room is still answering; wait for the reply to finish.', id: frame.id });
				return;
			}
			streaming = true;
			const message = { id: `u${seq + 1}`, parentId: null, role: 'user', content: frame.op.text, status: 'complete', createdAt: 0 } as const;
			logged({ kind: 'message', message });
			send(ws, { type: 'ack', id: frame.id, seq });
		});
		const settled = new Map<string, unknown>();
		const errors: string[] = [];
		const client = new RoomClient({
			url: () => room.url,
			events: { settled: (id, result) => settled.set(id, result), error: (frame) => errors.push(frame.message) }
		});
		clients.push(client);
		await until(() => client.state === 'connected', 'connected');
		// Two prompts written offline, sent together on reconnect: the second meets the first's reply.
		const first = client.send({ kind: 'prompt', text: 'first' });
		const second = client.send({ kind: 'prompt', text: 'second' });
		await until(() => prompts.length === 2, 'both sent');
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(settled.has(second)).toBe(false);
		expect(client.pending.has(second)).toBe(true);
		expect(prompts).toEqual(['first', 'second']);
		// The reply ends: the second goes again, once, and is answered.
		streaming = false;
		logged({ kind: 'reply_end', messageId: 'r', status: 'complete' });
		await until(() => settled.has(second), 'second acked');
		expect(settled.get(first)).toEqual({ seq: 2 });
		expect(settled.get(second)).toEqual({ seq: 4 });
		expect(prompts).toEqual(['first', 'second', 'second']);
		expect(errors).toEqual([]);
	});
});
