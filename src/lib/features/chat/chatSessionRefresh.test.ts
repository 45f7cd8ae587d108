// ChatSession.refresh(): what sync wrote to the database shows in an open conversation, but
// never replaces a tree the tab changed meanwhile.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageNode } from '../../core/conversationTree.ts';
import { createConversation } from '../../db/conversations.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { ChatSession } from './chatSession.svelte.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`refresh-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

const node = (conversationId: string, id: string, parentId: string | null): MessageNode => ({
	id,
	conversationId,
	parentId,
	role: 'user',
	content: id,
	status: 'complete',
	createdAt: 1,
	updatedAt: 1
});

async function openSession(id: string): Promise<ChatSession> {
	const chat = new ChatSession({ db, resolveModel: () => null, onCreated: () => undefined });
	await chat.load(id);
	return chat;
}

describe('ChatSession.refresh', () => {
	it('shows messages and a title another device wrote', async () => {
		const conversation = await createConversation(db, { title: 'Before' });
		const chat = await openSession(conversation.id);
		// What applying pulled ops does: straight to the tables.
		await db.messages.add(node(conversation.id, 'm1', null));
		await db.conversations.update(conversation.id, { title: 'After', currentLeafId: 'm1', messageCount: 1 });
		expect(await chat.refresh()).toBe(true);
		expect(chat.conversation?.title).toBe('After');
		expect(chat.path.map((n) => n.id)).toEqual(['m1']);
	});

	it('reads a conversation deleted elsewhere as missing', async () => {
		const conversation = await createConversation(db);
		const chat = await openSession(conversation.id);
		await db.conversations.delete(conversation.id);
		await chat.refresh();
		expect(chat.missing).toBe(true);
	});

	it('keeps what the tab changed while the refresh was reading', async () => {
		const conversation = await createConversation(db, { title: 'Mine' });
		const chat = await openSession(conversation.id);
		await db.conversations.update(conversation.id, { title: 'Theirs' });
		const refreshing = chat.refresh();
		await chat.rename('Renamed here');
		expect(await refreshing).toBe(false);
		expect(chat.conversation?.title).toBe('Renamed here');
	});
});
