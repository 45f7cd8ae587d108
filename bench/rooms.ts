// Live-room figures against the Room Durable Object under `wrangler dev` (workerd), with the
// app's own RoomClient in Node: fan-out latency from one sender to 50 participants,
// operations per second one room sustains, a reconnect storm of 200 clients (all resume,
// none loses an operation), and the same storm after the room restarted cold (wrangler dev
// killed and started again: every socket dropped, the room rebuilt from its log).
// Run alone with `node bench/rooms.ts`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogEntry } from '../src/lib/protocol/room.ts';
import { RoomClient } from '../src/lib/sync/roomClient.ts';
import { startRoomEdge, type RoomEdge } from './roomEdge.ts';

const FANOUT_PARTICIPANTS = 50;
const FANOUT_SAMPLES = 100;
/** Below the room's per-socket limit (60 frames in 5 s). */
const FANOUT_INTERVAL_MS = 100;
const THROUGHPUT_SENDERS = 40;
const THROUGHPUT_OPS_EACH = 50;
const STORM_CLIENTS = 200;
const STORM_WRITES_WHILE_AWAY = 20;

interface Member {
	client: RoomClient;
	entries: LogEntry[];
	acked: Set<string>;
	connected(): Promise<void>;
}

function member(edge: RoomEdge, room: { roomId: string; token: string }, name: string, onEntry?: (entry: LogEntry) => void): Member {
	const entries: LogEntry[] = [];
	const acked = new Set<string>();
	const waiters: (() => void)[] = [];
	const client: RoomClient = new RoomClient({
		url: () => edge.socketUrl(room.roomId, room.token, name),
		events: {
			entry: (entry) => {
				entries.push(entry);
				onEntry?.(entry);
			},
			settled: (id) => acked.add(id),
			state: (state) => {
				if (state === 'connected') waiters.splice(0).forEach((wake) => wake());
			}
		}
	});
	return {
		client,
		entries,
		acked,
		connected: () => (client.state === 'connected' ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)))
	};
}

async function until(check: () => boolean, what: string, ms = 120_000): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > ms) throw new Error(`timed out: ${what}`);
		await new Promise((r) => setTimeout(r, 5));
	}
}

async function fanout(edge: RoomEdge): Promise<Record<string, number>> {
	const room = await edge.newRoom();
	const sentAt = new Map<string, number>();
	const latencies: number[] = [];
	const listeners = Array.from({ length: FANOUT_PARTICIPANTS }, (_, i) =>
		member(edge, room, `listener${i}`, (entry) => {
			if (entry.op.kind !== 'annotate') return;
			const at = sentAt.get(entry.op.annotation.text);
			if (at !== undefined) latencies.push(performance.now() - at);
		})
	);
	const sender = member(edge, room, 'sender');
	await Promise.all([...listeners, sender].map((m) => m.connected()));
	for (let i = 0; i < FANOUT_SAMPLES; i++) {
		const text = `sample ${i}`;
		sentAt.set(text, performance.now());
		sender.client.send({ kind: 'annotate', messageId: 'm1', text });
		await new Promise((r) => setTimeout(r, FANOUT_INTERVAL_MS));
	}
	await until(() => latencies.length === FANOUT_SAMPLES * FANOUT_PARTICIPANTS, 'every participant got every sample');
	for (const m of [...listeners, sender]) m.client.close();
	return { participants: FANOUT_PARTICIPANTS, samples: FANOUT_SAMPLES, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
}

async function throughput(edge: RoomEdge): Promise<Record<string, number>> {
	const room = await edge.newRoom();
	const senders = Array.from({ length: THROUGHPUT_SENDERS }, (_, i) => member(edge, room, `sender${i}`));
	await Promise.all(senders.map((m) => m.connected()));
	const started = performance.now();
	for (let n = 0; n < THROUGHPUT_OPS_EACH; n++) for (const s of senders) s.client.send({ kind: 'react', messageId: 'm1', reaction: n % 2 ? 'up' : 'down' });
	const total = THROUGHPUT_SENDERS * THROUGHPUT_OPS_EACH;
	await until(() => senders.every((s) => s.acked.size === THROUGHPUT_OPS_EACH), 'every op acked');
	const seconds = (performance.now() - started) / 1000;
	await until(() => senders.every((s) => s.entries.length === total), 'every op broadcast to every sender');
	for (const s of senders) s.client.close();
	return { senders: THROUGHPUT_SENDERS, ops: total, opsPerSecond: Math.round(total / seconds), broadcastsPerSecond: Math.round((total * THROUGHPUT_SENDERS) / seconds) };
}

async function reconnectStorm(edge: RoomEdge): Promise<Record<string, number>> {
	const room = await edge.newRoom();
	const clients = Array.from({ length: STORM_CLIENTS }, (_, i) => member(edge, room, `storm${i}`));
	const writer = member(edge, room, 'writer');
	await Promise.all([...clients, writer].map((m) => m.connected()));
	for (const c of clients) c.client.wentOffline();
	for (let i = 0; i < STORM_WRITES_WHILE_AWAY; i++) writer.client.send({ kind: 'annotate', messageId: 'm1', text: `while away ${i}` });
	await until(() => writer.acked.size === STORM_WRITES_WHILE_AWAY, 'writer acked');
	const resumed = await resumeAll(clients, 1 + STORM_WRITES_WHILE_AWAY, '');
	writer.client.close();
	return { clients: STORM_CLIENTS, ...resumed, lostOps: 0, clientsWithGapsOrDuplicates: 0 };
}

/**
 * Each client queues one op and reconnects; resolves once every op is acked and every client
 * has caught up, having seen each entry after its snapshot (seq 1) exactly once, in order.
 * Throws on a gap or duplicate; closes the clients.
 */
async function resumeAll(clients: Member[], seqBefore: number, when: string): Promise<{ allResumedMs: number; resumeP50Ms: number; resumeP99Ms: number }> {
	const queued = clients.map((c, i) => c.client.send({ kind: 'annotate', messageId: 'm1', text: `queued by ${i}` }));
	const started = performance.now();
	const resumedMs: number[] = [];
	for (const c of clients) {
		void c.connected().then(() => resumedMs.push(performance.now() - started));
		c.client.reconnect();
	}
	await until(() => clients.every((c, i) => c.acked.has(queued[i]!)), `every queued op acked${when}`);
	const finalSeq = seqBefore + clients.length;
	await until(() => clients.every((c) => c.client.lastSeq === finalSeq), `every client caught up${when}`);
	const allResumedMs = performance.now() - started;
	const intact = clients.filter((c) => c.entries.length === finalSeq - 1 && c.entries.every((e, i) => e.seq === i + 2)).length;
	for (const c of clients) c.client.close();
	if (intact !== clients.length) throw new Error(`${clients.length - intact} clients have gaps or duplicates${when}`);
	return { allResumedMs: round(allResumedMs), resumeP50Ms: round(percentile(resumedMs, 50)), resumeP99Ms: round(percentile(resumedMs, 99)) };
}

/**
 * 200 clients in a room that is stopped the hard way (as a crash or a deploy stops it) and
 * comes back cold: each queued an op while it was down and resumes from its last seq.
 * Timed from the moment the edge answers again.
 */
async function restartStorm(edge: RoomEdge): Promise<Record<string, number>> {
	const room = await edge.newRoom();
	const clients = Array.from({ length: STORM_CLIENTS }, (_, i) => member(edge, room, `cold${i}`));
	const writer = member(edge, room, 'writer');
	await Promise.all([...clients, writer].map((m) => m.connected()));
	for (let i = 0; i < STORM_WRITES_WHILE_AWAY; i++) writer.client.send({ kind: 'annotate', messageId: 'm1', text: `before the restart ${i}` });
	const beforeSeq = 1 + STORM_WRITES_WHILE_AWAY;
	await until(() => clients.every((c) => c.client.lastSeq === beforeSeq), 'every client caught up before the restart');
	writer.client.close();
	const restartStarted = performance.now();
	await edge.restart();
	const restartMs = performance.now() - restartStarted;
	const resumed = await resumeAll(clients, beforeSeq, ' after the restart');
	return { clients: STORM_CLIENTS, edgeRestartMs: round(restartMs), ...resumed, lostOps: 0, clientsWithGapsOrDuplicates: 0 };
}

export default async function bench(): Promise<Record<string, number | string>> {
	const edge = await startRoomEdge();
	try {
		const results: Record<string, number | string> = { runtime: 'wrangler dev (workerd), clients in Node' };
		const parts = [['fanout', fanout], ['throughput', throughput], ['storm', reconnectStorm], ['coldStorm', restartStorm]] as const;
		// ROOMS_BENCH=coldStorm (a comma-separated list) runs only those parts.
		const only = process.env.ROOMS_BENCH?.split(',');
		for (const [name, run] of parts.filter(([name]) => !only || only.includes(name))) {
			for (const [key, value] of Object.entries(await run(edge))) results[`${name}.${key}`] = value;
		}
		return results;
	} finally {
		await edge.stop();
	}
}

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function round(ms: number): number {
	return Math.round(ms * 100) / 100;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	console.log(JSON.stringify(await bench(), null, 2));
}
