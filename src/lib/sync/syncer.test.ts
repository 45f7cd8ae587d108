// Two devices (two IndexedDB databases) syncing through an in-memory log with the Space's
// rules: the repositories record ops, the syncer pushes and pulls them, and both devices
// end up with the same conversations, whatever they did offline.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { MessageNode } from '../core/conversationTree.ts';
import { appendMessage, createConversation, deleteConversation, saveStreamingMessage, updateConversation } from '../db/conversations.ts';
import { AtriumDatabase } from '../db/database.ts';
import { setReaction } from '../db/reactions.ts';
import { enableSync } from './opClock.ts';
import { SyncError, type SyncApi } from './syncApi.ts';
import { PUSH_DELAY_MS, SYNC_INTERVAL_MS, Syncer } from './syncer.svelte.ts';
import { MemorySpace } from './memorySpace.testing.ts';

let space: MemorySpace;
let dbs: AtriumDatabase[];

async function device(api: SyncApi = space.api()): Promise<{ db: AtriumDatabase; syncer: Syncer; changed: string[] }> {
	const db = new AtriumDatabase(`sync-${crypto.randomUUID()}`);
	dbs.push(db);
	await enableSync(db);
	const changed: string[] = [];
	const syncer = new Syncer({ db, userId: 'u1', api, onApplied: (ids) => changed.push(...ids) });
	return { db, syncer, changed };
}

/** One device's network link to the Space: refuses every call while `cutOff()`, alone. */
function linkFor(cutOff: () => boolean): SyncApi {
	const api = space.api();
	const guard =
		<A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
		(...args: A): Promise<R> =>
			cutOff() ? Promise.reject(new SyncError('offline', 'offline')) : call(...args);
	return { push: guard(api.push), pull: guard(api.pull), checkBlobs: guard(api.checkBlobs), putBlob: guard(api.putBlob), getBlob: guard(api.getBlob) };
}

function node(conversationId: string, id: string, parentId: string | null, extra: Partial<MessageNode> = {}): MessageNode {
	return { id, conversationId, parentId, role: 'user', content: id, status: 'complete', createdAt: 1, updatedAt: 1, ...extra };
}

/** What a user sees on a device, without per-device bookkeeping. */
async function snapshot(db: AtriumDatabase) {
	const conversations = await db.conversations.orderBy('id').toArray();
	const messages = await db.messages.orderBy('id').toArray();
	return { conversations, messages };
}

beforeEach(() => {
	space = new MemorySpace();
	dbs = [];
});
afterEach(async () => {
	for (const db of dbs) await db.delete();
});

describe('Syncer', () => {
	it("brings one device's new conversation to another, and queues nothing for what it applied", async () => {
		const a = await device();
		const b = await device();
		const conversation = await createConversation(a.db, { title: 'Trip plans', titleSource: 'user' });
		await appendMessage(a.db, node(conversation.id, 'm1', null));
		expect(await a.db.outbox.count()).toBe(3);
		await a.syncer.syncNow();
		expect(await a.db.outbox.count()).toBe(0);
		await b.syncer.syncNow();
		expect(await b.db.conversations.get(conversation.id)).toMatchObject({ title: 'Trip plans', messageCount: 1, currentLeafId: 'm1' });
		expect(await b.db.messages.get('m1')).toMatchObject({ content: 'm1', parentId: null });
		expect(await b.db.outbox.count()).toBe(0);
		expect(b.syncer.status).toBe('idle');
		expect(b.changed).toEqual([conversation.id]);
		// A's own ops come back in its next pull and change nothing there.
		await a.syncer.syncNow();
		expect(a.changed).toEqual([]);
	});

	it('converges after both devices change the same conversation offline', async () => {
		const a = await device();
		const b = await device();
		const conversation = await createConversation(a.db);
		await appendMessage(a.db, node(conversation.id, 'm1', null));
		await a.syncer.syncNow();
		await b.syncer.syncNow();

		space.online = false;
		await updateConversation(a.db, conversation.id, { title: 'Renamed on A', titleSource: 'user' });
		await appendMessage(b.db, node(conversation.id, 'm2', 'm1', { createdAt: 2 }));
		await setReaction(b.db, 'm1', 'up');
		await a.syncer.syncNow();
		expect(a.syncer.status).toBe('offline');

		space.online = true;
		await a.syncer.syncNow();
		await b.syncer.syncNow();
		await a.syncer.syncNow();
		const seenByA = await snapshot(a.db);
		expect(seenByA).toEqual(await snapshot(b.db));
		expect(seenByA.conversations[0]).toMatchObject({ title: 'Renamed on A', messageCount: 2, currentLeafId: 'm2' });
		expect(seenByA.messages.map((m) => [m.id, m.reaction])).toEqual([['m1', 'up'], ['m2', undefined]]);
		expect(space.log.filter((op) => op.type === 'message.add')).toHaveLength(2);
	});

	it('applies a re-sent push once when the first answer was lost', async () => {
		const a = await device();
		const b = await device();
		const conversation = await createConversation(a.db);
		await appendMessage(a.db, node(conversation.id, 'm1', null));
		space.loseNextAck = true;
		await a.syncer.syncNow();
		expect(await a.db.outbox.count()).toBe(3);
		await a.syncer.syncNow();
		expect(await a.db.outbox.count()).toBe(0);
		expect(space.log).toHaveLength(3);
		await b.syncer.syncNow();
		expect(await b.db.messages.count()).toBe(1);
		expect((await b.db.conversations.get(conversation.id))?.messageCount).toBe(1);
	});

	it('syncs a finished reply but not its streaming snapshots, and deletions as tombstones', async () => {
		const a = await device();
		const b = await device();
		const conversation = await createConversation(a.db);
		await appendMessage(a.db, node(conversation.id, 'r1', null, { role: 'assistant', content: '', status: 'streaming' }));
		const queued = await a.db.outbox.count();
		await saveStreamingMessage(a.db, 'r1', { content: 'Hel' });
		expect(await a.db.outbox.count()).toBe(queued);
		await saveStreamingMessage(a.db, 'r1', { content: 'Hello', status: 'complete' });
		await a.syncer.syncNow();
		await b.syncer.syncNow();
		expect(await b.db.messages.get('r1')).toMatchObject({ content: 'Hello', status: 'complete' });

		await deleteConversation(b.db, conversation.id);
		await b.syncer.syncNow();
		await a.syncer.syncNow();
		expect(await a.db.conversations.count()).toBe(0);
		expect(await a.db.messages.count()).toBe(0);
	});

	it('a deletion wins over a message added offline elsewhere, on both devices', async () => {
		const a = await device();
		const b = await device();
		const conversation = await createConversation(a.db);
		await a.syncer.syncNow();
		await b.syncer.syncNow();
		await deleteConversation(a.db, conversation.id);
		await appendMessage(b.db, node(conversation.id, 'late', null));
		for (const { syncer } of [a, b, a]) await syncer.syncNow();
		expect(await a.db.messages.count()).toBe(0);
		expect(await b.db.messages.count()).toBe(0);
		expect(await b.db.conversations.count()).toBe(0);
	});

	it('pulls everything again when its cursor is ahead of the server', async () => {
		const a = await device();
		await createConversation(a.db, { title: 'kept' });
		await a.syncer.syncNow();
		await a.db.settings.put({ key: 'sync.cursor:u1', value: 99 });
		await a.syncer.syncNow();
		expect(a.syncer.status).toBe('idle');
		expect((await a.db.settings.get('sync.cursor:u1'))?.value).toBe(1);
	});

	it('drops an op the server refuses instead of blocking later ones', async () => {
		const a = await device();
		await createConversation(a.db, { title: 'one' });
		await createConversation(a.db, { title: 'two' });
		const api = space.api();
		const refusing = new Syncer({
			db: a.db,
			userId: 'u1',
			api: {
				...api,
				push: (ops) => (ops.some((op) => op.type === 'conversation.set' && op.fields.title === 'one') ? Promise.reject(new SyncError('rejected', 'no')) : api.push(ops))
			}
		});
		await refusing.syncNow();
		expect(await a.db.outbox.count()).toBe(0);
		expect(space.log.map((op) => op.type === 'conversation.set' && op.fields.title)).toEqual(['two']);
		expect(refusing.message).toMatch(/could not be synced/);
	});

	it("refuses to start for a second account, so the first one's data stays out of it", async () => {
		const db = new AtriumDatabase(`sync-${crypto.randomUUID()}`);
		dbs.push(db);
		await enableSync(db, 'u1');
		await createConversation(db, { title: "u1's" });
		await expect(new Syncer({ db, userId: 'u2', api: space.api() }).start()).rejects.toThrow(/another account/);
		await enableSync(db, 'u1');
		expect(space.log).toEqual([]);
	});

	it('queues what was stored before sync was turned on, once', async () => {
		const db = new AtriumDatabase(`sync-${crypto.randomUUID()}`);
		dbs.push(db);
		const conversation = await createConversation(db, { title: 'older' });
		await appendMessage(db, node(conversation.id, 'm1', null));
		expect(await db.outbox.count()).toBe(0);
		await enableSync(db);
		await enableSync(db);
		expect((await db.outbox.toArray()).map((row) => row.op.type)).toEqual(['conversation.set', 'message.add']);
	});
});

/**
 * The browser around a started syncer, in Node: a window that fires online/offline, a
 * document that fires visibilitychange, and navigator.onLine. One for both devices, as two
 * devices on one network lose it and get it back together.
 */
function browser() {
	const window = new EventTarget();
	const document = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
	const navigator = { onLine: true };
	vi.stubGlobal('window', window);
	vi.stubGlobal('document', document);
	vi.stubGlobal('navigator', navigator);
	return {
		network(online: boolean) {
			navigator.onLine = online;
			space.online = online;
			window.dispatchEvent(new Event(online ? 'online' : 'offline'));
		},
		visibility(state: DocumentVisibilityState) {
			document.visibilityState = state;
			document.dispatchEvent(new Event('visibilitychange'));
		}
	};
}

describe('Syncer, started: in the background, with nobody pressing sync', () => {
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('pushes what was written offline as soon as the browser is back online', async () => {
		const net = browser();
		const a = await device();
		await a.syncer.start();
		try {
			await vi.waitFor(() => expect(a.syncer.lastSyncedAt).not.toBeNull());

			net.network(false);
			expect(a.syncer.status).toBe('offline');
			const conversation = await createConversation(a.db, { title: 'Written on the plane', titleSource: 'user' });
			await appendMessage(a.db, node(conversation.id, 'm1', null));
			await vi.waitFor(() => expect(a.syncer.pending).toBe(3));
			// The push the change asked for came and found no network: it all stays queued.
			await new Promise((resolve) => setTimeout(resolve, PUSH_DELAY_MS * 2));
			expect(a.syncer.status).toBe('offline');
			expect(a.syncer.message).toMatch(/sync when you are back online/);
			expect(await a.db.outbox.count()).toBe(3);
			expect(space.log).toEqual([]);

			net.network(true);
			await vi.waitFor(() => expect(a.syncer.pending).toBe(0), { timeout: 5_000 });
			expect(await a.db.outbox.count()).toBe(0);
			expect(space.log.map((op) => op.type)).toEqual(['conversation.set', 'message.add', 'conversation.set']);
			await vi.waitFor(() => expect(a.syncer.status).toBe('idle'));
			expect(a.syncer.message).toBeNull();

			// Online, a change is pushed shortly after it is made.
			await appendMessage(a.db, node(conversation.id, 'm2', 'm1', { createdAt: 2 }));
			await vi.waitFor(() => expect(space.log.filter((op) => op.type === 'message.add')).toHaveLength(2), { timeout: 5_000 });
			await vi.waitFor(() => expect(a.syncer.pending).toBe(0));
		} finally {
			a.syncer.stop();
		}
	});

	it("brings another device's change on its own: every interval while visible, and on becoming visible", async () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
		const net = browser();
		const a = await device();
		const b = await device();
		await b.syncer.start();
		try {
			await vi.waitFor(() => expect(b.syncer.lastSyncedAt).not.toBeNull());
			const first = await createConversation(a.db, { title: 'From A, while B looks' });
			await a.syncer.syncNow();
			vi.advanceTimersByTime(SYNC_INTERVAL_MS);
			await vi.waitFor(() => expect(b.changed).toEqual([first.id]));
			expect((await b.db.conversations.get(first.id))?.title).toBe('From A, while B looks');

			// A hidden tab does not poll; it catches up when it is looked at again.
			net.visibility('hidden');
			const second = await createConversation(a.db, { title: 'From A, while B is hidden' });
			await a.syncer.syncNow();
			vi.advanceTimersByTime(SYNC_INTERVAL_MS * 3);
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(await b.db.conversations.get(second.id)).toBeUndefined();
			net.visibility('visible');
			await vi.waitFor(() => expect(b.changed).toEqual([first.id, second.id]));
		} finally {
			b.syncer.stop();
		}
	});
});

describe('two devices, random offline work', () => {
	// Weighted so that a device cut off while the other syncs several times, and messages
	// written on both sides of that partition, are common.
	const action = fc.oneof(
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), title: fc.string({ maxLength: 5 }) }) },
		{ weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), title: fc.string({ maxLength: 5 }) }) },
		{ weight: 4, arbitrary: fc.record({ kind: fc.constant('message' as const), pick: fc.nat() }) },
		{ weight: 2, arbitrary: fc.record({ kind: fc.constant('react' as const), pick: fc.nat(), up: fc.boolean() }) },
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
		// This device syncs once or several times in a row (the other may be cut off meanwhile).
		{ weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), times: fc.integer({ min: 1, max: 3 }) }) },
		// This device alone loses or regains its network: a partition, not a global outage.
		{ weight: 3, arbitrary: fc.record({ kind: fc.constant('network' as const) }) },
		// The server stores the next push but its answer is lost: the same ops come again.
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('loseAck' as const) }) },
		// This device's cursor goes back (a restored backup): pulls deliver ops it has applied.
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('rewind' as const), pick: fc.nat() }) },
		// Pulls come in pages of another size from now on.
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('pageSize' as const), size: fc.integer({ min: 1, max: 7 }) }) }
	);

	it('both devices converge with nothing lost or duplicated: partitions, lost acks, repeated pulls, any page size', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 7 }),
				fc.array(fc.tuple(fc.constantFrom(0, 1), action), { minLength: 4, maxLength: 40, size: '+1' }),
				async (pageSize, steps) => {
					space = new MemorySpace();
					space.pageSize = pageSize;
					const cutOff = [false, false];
					const devices = [await device(linkFor(() => cutOff[0]!)), await device(linkFor(() => cutOff[1]!))];
					/** Every conversation made, message written and conversation deleted, on either device. */
					const created: string[] = [];
					const written: { id: string; conversationId: string }[] = [];
					const deleted = new Set<string>();
					// Both start from two shared conversations, so concurrent edits of one are common.
					for (const title of ['first', 'second']) {
						const shared = await createConversation(devices[0]!.db, { title });
						await appendMessage(devices[0]!.db, node(shared.id, `root-${title}`, null));
						written.push({ id: `root-${title}`, conversationId: shared.id });
						created.push(shared.id);
					}
					for (const { syncer } of devices) await syncer.syncNow();
					let counter = 0;
					for (const [d, step] of steps) {
						const { db, syncer } = devices[d]!;
						const conversations = await db.conversations.orderBy('id').toArray();
						const picked = conversations.length > 0 && 'pick' in step ? conversations[step.pick % conversations.length] : undefined;
						if (step.kind === 'create') created.push((await createConversation(db, { title: step.title })).id);
						else if (step.kind === 'sync') for (let i = 0; i < step.times; i++) await syncer.syncNow();
						else if (step.kind === 'network') cutOff[d] = !cutOff[d];
						else if (step.kind === 'loseAck') space.loseNextAck = true;
						else if (step.kind === 'pageSize') space.pageSize = step.size;
						else if (step.kind === 'rewind') {
							const cursor = (await db.settings.get('sync.cursor:u1'))?.value;
							if (typeof cursor === 'number') await db.settings.put({ key: 'sync.cursor:u1', value: step.pick % (cursor + 1) });
						} else if (picked && step.kind === 'rename') await updateConversation(db, picked.id, { title: step.title, titleSource: 'user' });
						else if (picked && step.kind === 'delete') {
							await deleteConversation(db, picked.id);
							deleted.add(picked.id);
						} else if (picked && step.kind === 'message') {
							const id = `m${d}-${counter++}`;
							await appendMessage(db, node(picked.id, id, picked.currentLeafId, { createdAt: counter }));
							written.push({ id, conversationId: picked.id });
						} else if (picked && step.kind === 'react' && picked.currentLeafId) await setReaction(db, picked.currentLeafId, step.up ? 'up' : 'down');
					}
					// Days later, both are back online and sync until nothing is left to send.
					cutOff.fill(false);
					for (let round = 0; round < 3; round++) for (const { syncer } of devices) await syncer.syncNow();
					for (const { db } of devices) expect(await db.outbox.count()).toBe(0);

					const [one, two] = [await snapshot(devices[0]!.db), await snapshot(devices[1]!.db)];
					expect(two).toEqual(one);
					// Every message add reached the log once.
					const added = space.log.filter((op) => op.type === 'message.add').map((op) => op.type === 'message.add' && op.message.id);
					expect(new Set(added).size).toBe(added.length);
					// Nothing lost: each message written shows on both devices, exactly once, unless its
					// conversation was deleted (delete wins); nothing else shows.
					const kept = written.filter((m) => !deleted.has(m.conversationId)).map((m) => m.id);
					expect(one.messages.map((m) => m.id).sort()).toEqual(kept.sort());
					expect(one.conversations.map((c) => c.id)).toEqual(created.filter((id) => !deleted.has(id)).sort());
					for (const conversation of one.conversations) {
						expect(conversation.messageCount).toBe(one.messages.filter((m) => m.conversationId === conversation.id).length);
					}
					for (const db of dbs.splice(0)) await db.delete();
				}
			),
			{ numRuns: 60 }
		);
	}, 180_000);
});
