import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexTree, pathToLeaf, type MessageNode } from '../core/conversationTree.ts';
import { appendMessage, createConversation, loadMessages } from './conversations.ts';
import { AtriumDatabase } from './database.ts';
import { forkConversation } from './fork.ts';
import { setReaction } from './reactions.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

const msg = (conversationId: string, id: string, parentId: string | null, role: MessageNode['role'], at: number): MessageNode => ({
	id, conversationId, parentId, role, content: id, status: 'complete', createdAt: at, updatedAt: at
});

describe('fork and reactions', () => {
	it('forks the path from the root to a message into a new conversation with new ids', async () => {
		const c = await createConversation(db, { title: 'Origin', systemPrompt: 'sys', model: 'm::x' });
		await appendMessage(db, msg(c.id, 'u1', null, 'user', 1));
		await appendMessage(db, msg(c.id, 'r1', 'u1', 'assistant', 2));
		await appendMessage(db, msg(c.id, 'r1b', 'u1', 'assistant', 3));
		await appendMessage(db, msg(c.id, 'u2', 'r1', 'user', 4));
		await appendMessage(db, msg(c.id, 'r2', 'u2', 'assistant', 5));
		await setReaction(db, 'r1', 'up');

		const fork = await forkConversation(db, c.id, 'u2');
		expect(fork).toMatchObject({ title: 'Origin (fork)', systemPrompt: 'sys', model: 'm::x', messageCount: 3 });
		const messages = await loadMessages(db, fork.id);
		const path = pathToLeaf(indexTree(messages), fork.currentLeafId);
		expect(path.map((n) => n.content)).toEqual(['u1', 'r1', 'u2']);
		expect(path.map((n) => n.createdAt)).toEqual([1, 2, 4]);
		expect(path[1]?.reaction).toBe('up');
		expect(messages.some((m) => ['u1', 'r1', 'u2'].includes(m.id))).toBe(false);
		// The original is untouched.
		expect(await loadMessages(db, c.id)).toHaveLength(5);
		expect((await db.conversations.get(c.id))?.currentLeafId).toBe('r2');
	});

	it('refuses to fork from a message that is not in the conversation', async () => {
		const c = await createConversation(db);
		await expect(forkConversation(db, c.id, 'ghost')).rejects.toThrow('That message is not in this conversation.');
		expect(await db.conversations.count()).toBe(1);
	});

	it('sets and clears a reaction without touching the message', async () => {
		const c = await createConversation(db);
		await appendMessage(db, msg(c.id, 'r', null, 'assistant', 7));
		await setReaction(db, 'r', 'down');
		expect(await db.messages.get('r')).toMatchObject({ reaction: 'down', content: 'r', updatedAt: 7 });
		await setReaction(db, 'r', undefined);
		expect(await db.messages.get('r')).not.toHaveProperty('reaction');
	});
});
