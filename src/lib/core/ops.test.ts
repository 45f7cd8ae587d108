// Convergence of the sync reducer, as properties: devices write random operations with
// their own clocks; every replica that ends up with the same set of operations — in any
// order, with repeats, delivered in partitions — has the same state.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SyncOp } from '../protocol/ops.ts';
import { hlcNow, initialHlc, serializeHlc, type HlcTimestamp } from './hlc.ts';
import { applyOp, applyOps, emptyReplica, materialize, mergeFields } from './ops.ts';

const CONVERSATIONS = ['c1', 'c2', 'c3'];
const MESSAGES = ['m1', 'm2', 'm3', 'm4', 'm5'];

/** What a device does, before it is stamped with the device's clock. */
const intent = fc.oneof(
	fc.record({ type: fc.constant('create' as const), c: fc.constantFrom(...CONVERSATIONS), title: fc.string({ maxLength: 4 }) }),
	fc.record({
		type: fc.constant('set' as const),
		c: fc.constantFrom(...CONVERSATIONS),
		title: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }),
		pinned: fc.option(fc.boolean(), { nil: undefined }),
		tags: fc.option(fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }), { nil: undefined })
	}),
	fc.record({ type: fc.constant('delete' as const), c: fc.constantFrom(...CONVERSATIONS) }),
	fc.record({ type: fc.constant('add' as const), c: fc.constantFrom(...CONVERSATIONS), m: fc.constantFrom(...MESSAGES), parent: fc.option(fc.constantFrom(...MESSAGES), { nil: null }), content: fc.string({ maxLength: 4 }) }),
	fc.record({ type: fc.constant('settle' as const), c: fc.constantFrom(...CONVERSATIONS), m: fc.constantFrom(...MESSAGES), content: fc.string({ maxLength: 4 }) }),
	fc.record({ type: fc.constant('react' as const), c: fc.constantFrom(...CONVERSATIONS), m: fc.constantFrom(...MESSAGES), reaction: fc.constantFrom('up' as const, 'down' as const, null) }),
	fc.record({ type: fc.constant('attach' as const), c: fc.constantFrom(...CONVERSATIONS), m: fc.constantFrom(...MESSAGES), blob: fc.constantFrom('a', 'b').map((x) => x.repeat(64)) })
);
type Intent = typeof intent extends fc.Arbitrary<infer T> ? T : never;

/** One device's writes: wall times wander (and repeat), so counters and ties get exercised. */
const deviceWrites = fc.array(fc.tuple(intent, fc.integer({ min: 0, max: 3 })), { maxLength: 25 });

function stamp(device: string, writes: [Intent, number][]): SyncOp[] {
	let clock: HlcTimestamp = initialHlc(device);
	let wall = 1_000;
	return writes.map(([w, drift], i) => {
		wall += drift - 1;
		clock = hlcNow(clock, wall);
		const base = { id: `${device}-${i}`, hlc: serializeHlc(clock) };
		switch (w.type) {
			case 'create':
				return { ...base, type: 'conversation.set', conversationId: w.c, fields: { title: w.title, createdAt: wall, updatedAt: wall } };
			case 'set':
				return { ...base, type: 'conversation.set', conversationId: w.c, fields: { title: w.title, pinned: w.pinned, tags: w.tags } };
			case 'delete':
				return { ...base, type: 'conversation.delete', conversationId: w.c };
			case 'add':
				return {
					...base,
					type: 'message.add',
					message: { id: w.m, conversationId: w.c, parentId: w.parent, role: 'user', content: w.content, status: 'complete', createdAt: wall, updatedAt: wall }
				};
			case 'settle':
				return { ...base, type: 'message.set', conversationId: w.c, messageId: w.m, fields: { content: w.content, status: 'complete' } };
			case 'react':
				return { ...base, type: 'message.set', conversationId: w.c, messageId: w.m, fields: { reaction: w.reaction } };
			case 'attach':
				return { ...base, type: 'blob.attach', conversationId: w.c, messageId: w.m, blob: { sha256: w.blob, size: 1, mediaType: 'text/plain' } };
		}
	});
}

const devices = fc.tuple(deviceWrites, deviceWrites, deviceWrites).map(([a, b, c]) => [...stamp('a', a), ...stamp('b', b), ...stamp('c', c)]);

/** A delivery of `ops`: shuffled, some repeated, cut into batches applied one after another. */
function delivery(ops: readonly SyncOp[]) {
	return fc
		.tuple(fc.shuffledSubarray([...ops], { minLength: ops.length, maxLength: ops.length }), fc.array(fc.nat(), { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 4 }))
		.map(([shuffled, repeatAt, cuts]) => {
			const withRepeats = [...shuffled];
			for (const r of repeatAt) if (shuffled.length > 0) withRepeats.splice(r % (withRepeats.length + 1), 0, shuffled[r % shuffled.length] as SyncOp);
			const points = [...new Set(cuts.map((c) => c % (withRepeats.length + 1)))].sort((x, y) => x - y);
			const batches: SyncOp[][] = [];
			let from = 0;
			for (const p of [...points, withRepeats.length]) {
				batches.push(withRepeats.slice(from, p));
				from = p;
			}
			return batches;
		});
}

describe('sync reducer', () => {
	it('converges: any order, repeats and partitions of the same ops give the same state', () => {
		fc.assert(
			fc.property(
				devices.chain((ops) => fc.tuple(fc.constant(ops), delivery(ops), delivery(ops))),
				([ops, first, second]) => {
					const reference = applyOps(emptyReplica(), ops);
					const one = first.reduce((state, batch) => applyOps(state, batch), emptyReplica());
					const two = second.reduce((state, batch) => applyOps(state, batch), emptyReplica());
					expect(one).toEqual(reference);
					expect(two).toEqual(reference);
					expect(materialize(one)).toEqual(materialize(reference));
				}
			),
			{ numRuns: 300 }
		);
	});

	it('is idempotent: applying ops again changes nothing', () => {
		fc.assert(
			fc.property(devices, (ops) => {
				const once = applyOps(emptyReplica(), ops);
				expect(applyOps(once, ops)).toEqual(once);
				expect(applyOps(once, [...ops].reverse())).toEqual(once);
			}),
			{ numRuns: 200 }
		);
	});

	it('converges through a server log, with devices offline for a while (partitioned)', () => {
		// Each step: a device writes, pushes its outbox, or pulls what it has not seen.
		const step = fc.tuple(fc.constantFrom(0, 1, 2), fc.constantFrom('push' as const, 'pull' as const, 'offline' as const));
		fc.assert(
			fc.property(devices, fc.array(step, { maxLength: 40 }), (ops, steps) => {
				const outboxes = [0, 1, 2].map((d) => ops.filter((op) => op.id.startsWith('abc'[d] as string)));
				const replicas = outboxes.map((outbox) => applyOps(emptyReplica(), outbox));
				const log: SyncOp[] = [];
				const cursors = [0, 0, 0];
				const offline = [false, false, false];
				const push = (d: number) => {
					// A push may be retried after a lost answer: the log keeps one copy per op id.
					for (const op of outboxes[d] as SyncOp[]) if (!log.some((o) => o.id === op.id)) log.push(op);
					outboxes[d] = [];
				};
				const pull = (d: number) => {
					replicas[d] = applyOps(replicas[d]!, log.slice(cursors[d]));
					cursors[d] = log.length;
				};
				for (const [d, action] of steps) {
					if (action === 'offline') offline[d] = !offline[d];
					else if (!offline[d]) (action === 'push' ? push : pull)(d);
				}
				for (const d of [0, 1, 2]) push(d);
				for (const d of [0, 1, 2]) pull(d);
				expect(replicas[1]).toEqual(replicas[0]);
				expect(replicas[2]).toEqual(replicas[0]);
				expect(replicas[0]).toEqual(applyOps(emptyReplica(), ops));
			}),
			{ numRuns: 200 }
		);
	});
});

describe('reducer rules', () => {
	const hlc = (wall: number, node = 'a') => serializeHlc({ wall, counter: 0, node });

	it('keeps the later write per field, whatever order the writes arrive in', () => {
		const older = mergeFields(undefined, { title: 'old', pinned: true }, hlc(1)).record;
		const both = mergeFields(older, { title: 'new' }, hlc(2)).record;
		const reversed = mergeFields(mergeFields(undefined, { title: 'new' }, hlc(2)).record, { title: 'old', pinned: true }, hlc(1)).record;
		expect(both.values).toEqual({ title: 'new', pinned: true });
		expect(reversed).toEqual(both);
	});

	it('a deleted conversation hides its messages, and later writes do not bring it back', () => {
		let state = applyOp(emptyReplica(), { id: 'o1', hlc: hlc(1), type: 'conversation.set', conversationId: 'c1', fields: { title: 'x', createdAt: 1 } });
		state = applyOp(state, { id: 'o2', hlc: hlc(2), type: 'conversation.delete', conversationId: 'c1' });
		state = applyOp(state, { id: 'o3', hlc: hlc(3), type: 'conversation.set', conversationId: 'c1', fields: { title: 'y' } });
		state = applyOp(state, {
			id: 'o4',
			hlc: hlc(4),
			type: 'message.add',
			message: { id: 'm1', conversationId: 'c1', parentId: null, role: 'user', content: 'hi', status: 'complete', createdAt: 4, updatedAt: 4 }
		});
		expect(materialize(state)).toEqual({ conversations: {}, messages: {}, attachments: {} });
	});

	it('shows a message only once it was added, and a cleared reaction as absent', () => {
		let state = applyOp(emptyReplica(), { id: 'o1', hlc: hlc(1), type: 'conversation.set', conversationId: 'c1', fields: { createdAt: 1 } });
		state = applyOp(state, { id: 'o3', hlc: hlc(3), type: 'message.set', conversationId: 'c1', messageId: 'm1', fields: { reaction: null } });
		expect(materialize(state).messages).toEqual({});
		state = applyOp(state, {
			id: 'o2',
			hlc: hlc(2),
			type: 'message.add',
			message: { id: 'm1', conversationId: 'c1', parentId: null, role: 'assistant', content: 'hi', status: 'complete', reaction: 'up', createdAt: 2, updatedAt: 2 }
		});
		expect(materialize(state).messages.m1).not.toHaveProperty('reaction');
		expect(materialize(state).messages.m1).toMatchObject({ content: 'hi', role: 'assistant' });
	});
});
