import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageNode } from '../core/conversationTree.ts';
import {
	appendMessage,
	createConversation,
	deleteConversation,
	CONVERSATION_PAGE_SIZE,
	recentConversations,
	loadMessages,
	markInterrupted
} from './conversations.ts';
import { AtriumDatabase } from './database.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

function message(conversationId: string, id: string, extra: Partial<MessageNode> = {}): MessageNode {
	return { id, conversationId, parentId: null, role: 'user', content: id, status: 'complete', createdAt: 1, updatedAt: 1, ...extra };
}

describe('conversation store', () => {
	it('pages conversations newest first, 20 at a time, without gaps or repeats', async () => {
		for (let i = 0; i < 45; i++) await createConversation(db, { title: `c${i}`, updatedAt: 1000 + i });
		const first = await recentConversations(db);
		expect(first.map((c) => c.title)).toEqual(Array.from({ length: 20 }, (_, i) => `c${44 - i}`));
		const two = await recentConversations(db, 2 * CONVERSATION_PAGE_SIZE);
		expect(two.slice(0, 20)).toEqual(first);
		expect(two.slice(20).map((c) => c.title)).toEqual(Array.from({ length: 20 }, (_, i) => `c${24 - i}`));
		expect(await recentConversations(db, 100)).toHaveLength(45);
	});

	it('appending a message moves the visible leaf and counts it', async () => {
		const c = await createConversation(db);
		await appendMessage(db, message(c.id, 'm1'));
		await appendMessage(db, message(c.id, 'm2', { parentId: 'm1' }));
		const stored = await db.conversations.get(c.id);
		expect(stored?.currentLeafId).toBe('m2');
		expect(stored?.messageCount).toBe(2);
		expect((await loadMessages(db, c.id)).map((m) => m.id).sort()).toEqual(['m1', 'm2']);
	});

	it('marks streams left behind by a closed tab as interrupted, keeping their text', async () => {
		const c = await createConversation(db);
		await appendMessage(db, message(c.id, 'live', { role: 'assistant', status: 'streaming', content: 'still going' }));
		await appendMessage(db, message(c.id, 'dead', { role: 'assistant', status: 'streaming', content: 'half' }));
		const marked = await markInterrupted(db, await loadMessages(db, c.id), (id) => id === 'live');
		expect(marked.find((m) => m.id === 'dead')?.status).toBe('interrupted');
		expect(marked.find((m) => m.id === 'live')?.status).toBe('streaming');
		expect(await db.messages.get('dead')).toMatchObject({ status: 'interrupted', content: 'half' });
		expect((await db.messages.get('live'))?.status).toBe('streaming');
	});

	it('deleting a conversation deletes its messages and nothing else', async () => {
		const a = await createConversation(db);
		const b = await createConversation(db);
		await appendMessage(db, message(a.id, 'a1'));
		await appendMessage(db, message(b.id, 'b1'));
		await deleteConversation(db, a.id);
		expect(await db.conversations.get(a.id)).toBeUndefined();
		expect(await loadMessages(db, a.id)).toEqual([]);
		expect(await loadMessages(db, b.id)).toHaveLength(1);
	});
});
