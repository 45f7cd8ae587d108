// The room client against a real WebSocket server running the edge's RoomState.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../protocol/room.ts';
import { startRoomServer, type FakeRoomServer } from '../../../tests/fixtures/roomServer.ts';
import { RoomClient, type RoomClientEvents, type RoomConnectionState } from './roomClient.ts';

let server: FakeRoomServer;
const clients: RoomClient[] = [];

beforeEach(async () => {
	server = await startRoomServer();
});
afterEach(async () => {
	for (const client of clients.splice(0)) client.close();
	await server.close();
});

interface Probe {
	client: RoomClient;
	entries: LogEntry[];
	states: RoomConnectionState[];
	settled: Map<string, { seq: number } | { error: unknown }>;
}

function connect(query = 'role=edit', options: { online?: () => boolean; random?: () => number } = {}, events: RoomClientEvents = {}): Probe {
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
