import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageNode } from '../../core/conversationTree.ts';
import {
	appendMessage,
	createConversation,
	deleteConversation,
	saveStreamingMessage,
	updateConversation
} from '../../db/conversations.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { SearchService } from './service.ts';
import { SnapshotStore } from './snapshotStore.ts';
import type { SearchRequest } from './types.ts';

const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
	vi.useRealTimers();
	while (cleanup.length) await cleanup.pop()!();
});

function databases() {
	const db = new AtriumDatabase(`search-test-${crypto.randomUUID()}`);
	const store = new SnapshotStore(`search-index-${crypto.randomUUID()}`);
	cleanup.push(() => db.delete(), () => store.delete());
	return { db, store };
}

function service(db: AtriumDatabase, store: SnapshotStore, chunkSize = 3) {
	const s = new SearchService({ db, store, chunkSize, minSaveDelayMs: 60_000, tagDelayMs: 60_000 });
	cleanup.push(() => s.dispose());
	return s;
}

let clock = 1_000;
function node(conversationId: string, content: string, extra: Partial<MessageNode> = {}): MessageNode {
	clock += 1;
	return { id: crypto.randomUUID(), conversationId, parentId: null, role: 'user', content, status: 'complete', createdAt: clock, updatedAt: clock, ...extra };
}

async function found(s: SearchService, request: SearchRequest | string): Promise<string[]> {
	await s.settled();
	const { hits } = await s.search(typeof request === 'string' ? { query: request } : request);
	return hits.map((h) => h.messageId ?? `title:${h.conversationId}`).sort();
}

/** Change events arrive after the write commits; wait until the index shows `expected`. */
async function until(s: SearchService, query: string, expected: string[]): Promise<void> {
	const deadline = Date.now() + 3_000;
	let last: string[] = [];
	while (Date.now() < deadline) {
		last = await found(s, query);
		if (JSON.stringify(last) === JSON.stringify([...expected].sort())) return;
		await new Promise((r) => setTimeout(r, 10));
	}
	expect(last).toEqual([...expected].sort());
}

describe('SearchService', () => {
	it('builds from the database in chunks and writes the index back', async () => {
		const { db, store } = databases();
		const c = await createConversation(db, { title: 'Citrus', model: 'server::gpt-4o' });
		const messages = Array.from({ length: 8 }, (_, i) => node(c.id, `note ${i} about ${i % 2 ? 'kumquats' : 'limes'}`));
		for (const m of messages) await appendMessage(db, m);
		const s = service(db, store);
		const status = await s.start();
		expect(status).toMatchObject({ state: 'ready', indexed: 8, restored: false });
		expect(await found(s, 'kumquats')).toEqual(messages.filter((_, i) => i % 2).map((m) => m.id).sort());
		expect(await found(s, 'citrus')).toEqual([`title:${c.id}`]);
		await s.settled();
		expect(await store.load()).toContain('kumquats');
	});

	it('indexes messages as they are stored, and a streamed reply once it is done', async () => {
		const { db, store } = databases();
		const s = service(db, store);
		await s.start();
		const c = await createConversation(db, { title: 'Fresh', model: 'server::gpt-4o' });
		const question = node(c.id, 'How ripe is a kumquat?');
		await appendMessage(db, question);
		await until(s, 'kumquat', [question.id]);

		const reply = node(c.id, '', { role: 'assistant', status: 'streaming', model: 'server::gpt-4.1', parentId: question.id });
		await appendMessage(db, reply);
		await saveStreamingMessage(db, reply.id, { content: 'A ripe kumquat is deep orange' });
		await s.settled();
		expect(await found(s, 'orange')).toEqual([]);
		await saveStreamingMessage(db, reply.id, { content: 'A ripe kumquat is deep orange and soft.', status: 'complete' });
		await until(s, 'orange', [reply.id]);
		expect(await found(s, { query: 'kumquat', filters: { role: 'assistant', model: 'server::gpt-4.1' } })).toEqual([reply.id]);
		expect((await s.facets()).models).toEqual(['server::gpt-4.1', 'server::gpt-4o']);
	});

	it('follows renames and forgets a deleted conversation with all its messages', async () => {
		const { db, store } = databases();
		const s = service(db, store);
		await s.start();
		const keep = await createConversation(db, { title: 'Keep me' });
		const drop = await createConversation(db, { title: 'Drop me' });
		const kept = node(keep.id, 'shared word kumquat');
		const dropped = [node(drop.id, 'kumquat one'), node(drop.id, 'kumquat two')];
		for (const m of [kept, ...dropped]) await appendMessage(db, m);
		await until(s, 'kumquat', [kept.id, ...dropped.map((m) => m.id)]);

		await updateConversation(db, keep.id, { title: 'Marmalade plans' });
		await until(s, 'marmalade', [`title:${keep.id}`]);
		await deleteConversation(db, drop.id);
		await until(s, 'kumquat', [kept.id]);
		expect(await found(s, 'drop')).toEqual([]);
	});

	it('restores the stored index and catches up with what changed while it was closed', async () => {
		const { db, store } = databases();
		const c = await createConversation(db, { title: 'Orchard' });
		const old = node(c.id, 'the original kumquat note');
		const gone = node(c.id, 'a kumquat note to delete');
		const cut = node(c.id, 'an interrupted answer about kum', { role: 'assistant', status: 'interrupted' });
		for (const m of [old, gone, cut]) await appendMessage(db, m);
		const first = service(db, store);
		await first.start();
		await first.settled();
		first.dispose();

		// While no search runs: a message added, one deleted, one continued, a rename.
		const added = node(c.id, 'a kumquat note added later');
		await appendMessage(db, added);
		await db.messages.delete(gone.id);
		await saveStreamingMessage(db, cut.id, { content: 'an interrupted answer about kumquat jam, continued', status: 'complete' });
		await updateConversation(db, c.id, { title: 'Harvest' });

		const second = service(db, store);
		expect(await second.start()).toMatchObject({ state: 'ready', restored: true, indexed: 3 });
		expect(await found(second, 'kumquat')).toEqual([old.id, added.id, cut.id].sort());
		expect(await found(second, 'jam')).toEqual([cut.id]);
		expect(await found(second, 'orchard')).toEqual([]);
		expect(await found(second, 'harvest')).toEqual([`title:${c.id}`]);
	});

	it('rebuilds when the stored index is unreadable', async () => {
		const { db, store } = databases();
		const c = await createConversation(db);
		const m = node(c.id, 'kumquat');
		await appendMessage(db, m);
		await store.save('{"format":-1}');
		const other = databases();
		await other.store.save('{not json');
		const broken = service(db, other.store);
		expect(await broken.start()).toMatchObject({ state: 'ready', restored: false });
		const s = service(db, store);
		expect(await s.start()).toMatchObject({ state: 'ready', restored: false });
		expect(await found(s, 'kumquat')).toEqual([m.id]);
	});

	it('writes the index back some time after changes, not on every change', async () => {
		const { db, store } = databases();
		// Automatic tags (a later, separate write) stay out of this count.
		const s = new SearchService({ db, store, minSaveDelayMs: 50, maxSaveDelayMs: 50, tagDelayMs: 60_000 });
		cleanup.push(() => s.dispose());
		await s.start();
		await s.settled();
		expect(s.persistence.saves).toBe(1);
		// The service's clock is faked from here on: IndexedDB (fake-indexeddb schedules with
		// setImmediate) and Dexie's change events still run for real, but the save waits only
		// pass when the test moves the clock, however slowly the machine runs.
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const c = await createConversation(db);
		for (let i = 0; i < 5; i++) await appendMessage(db, node(c.id, `entry ${i}`));
		await s.settled();
		expect(s.persistence.unsaved).toBeGreaterThan(0);
		expect(s.persistence.saves).toBe(1);
		// Not before the 50 ms wait after the changes...
		await vi.advanceTimersByTimeAsync(49);
		await s.settled();
		expect(s.persistence.saves).toBe(1);
		// ...and searching holds the write back until searches stop for a while.
		for (let i = 0; i < 20; i++) {
			await s.search({ query: 'entry' });
			await vi.advanceTimersByTimeAsync(10);
			await s.settled();
			expect(s.persistence.saves).toBe(1);
		}
		// Written once 50 ms have passed without a search, not a moment before.
		await s.search({ query: 'entry' });
		await vi.advanceTimersByTimeAsync(49);
		await s.settled();
		expect(s.persistence.saves).toBe(1);
		await vi.advanceTimersByTimeAsync(1);
		await s.settled();
		expect(s.persistence).toEqual({ unsaved: 0, saves: 2 });
		expect(await store.load()).toContain('entry');
	});
});

describe('SearchService tags and related', () => {
	it('tags a conversation asked about at once, and relates conversations by shared rare words', async () => {
		const { db, store } = databases();
		const s = new SearchService({ db, store, tagDelayMs: 60_000 });
		cleanup.push(() => s.dispose());
		const a = await createConversation(db, { title: 'Garage visit' });
		const b = await createConversation(db, { title: 'Sedan troubles' });
		const c = await createConversation(db, { title: 'Piano' });
		await appendMessage(db, node(a.id, 'The mechanic fixed the carburetor; the mechanic was quick'));
		await appendMessage(db, node(b.id, 'Another mechanic for the sedan'));
		await appendMessage(db, node(c.id, 'A melody'));
		await s.start();
		expect(await s.tagsOf(a.id)).toEqual({ tags: ['mechanic'], category: null });
		expect(await s.related(a.id)).toEqual([{ conversationId: b.id, score: expect.any(Number) }]);
		await s.tagged();
		expect(s.facets().tags).toEqual(['mechanic']);
	});
});
