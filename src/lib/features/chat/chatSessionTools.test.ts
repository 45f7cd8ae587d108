// The conversation tools on ChatSession: moving the visible path from the tree view, and
// reactions. No model is involved, so the session resolves none.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageNode } from '../../core/conversationTree.ts';
import { appendMessage, createConversation } from '../../db/conversations.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { ChatSession } from './chatSession.svelte.ts';

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

async function branchy(): Promise<ChatSession> {
	const c = await createConversation(db);
	await appendMessage(db, msg(c.id, 'u1', null, 'user', 1));
	await appendMessage(db, msg(c.id, 'r1', 'u1', 'assistant', 2));
	await appendMessage(db, msg(c.id, 'u2', 'r1', 'user', 3));
	await appendMessage(db, msg(c.id, 'r2', 'u2', 'assistant', 4));
	await appendMessage(db, msg(c.id, 'r1b', 'u1', 'assistant', 5));
	const session = new ChatSession({ db, resolveModel: () => null });
	await session.load(c.id);
	return session;
}

describe('ChatSession tools', () => {
	it('shows the newest leaf under a node chosen in the tree, and remembers it', async () => {
		const session = await branchy();
		expect(session.path.map((n) => n.id)).toEqual(['u1', 'r1b']);
		await session.showNode('r1');
		expect(session.path.map((n) => n.id)).toEqual(['u1', 'r1', 'u2', 'r2']);
		expect((await db.conversations.get(session.conversation?.id ?? ''))?.currentLeafId).toBe('r2');
		await session.showNode('ghost');
		expect(session.conversation?.currentLeafId).toBe('r2');
	});

	it('toggles a reaction on a reply and stores it; user messages take none', async () => {
		const session = await branchy();
		await session.react('r1b', 'up');
		expect(session.tree.byId.get('r1b')?.reaction).toBe('up');
		expect((await db.messages.get('r1b'))?.reaction).toBe('up');
		await session.react('r1b', 'down');
		expect((await db.messages.get('r1b'))?.reaction).toBe('down');
		await session.react('r1b', 'down');
		expect(session.tree.byId.get('r1b')?.reaction).toBeUndefined();
		expect(await db.messages.get('r1b')).not.toHaveProperty('reaction');
		await session.react('u1', 'up');
		expect((await db.messages.get('u1'))?.reaction).toBeUndefined();
	});
});
