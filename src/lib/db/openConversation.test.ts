import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { MessageNode } from '../core/conversationTree.ts';
import { appendMessage, createConversation } from './conversations.ts';
import { AtriumDatabase } from './database.ts';
import { readConversationExtras } from './notes.ts';
import { setKeepLast, setNote, setPinned } from './notesWrite.ts';
import { openConversation } from './openConversation.ts';

let db: AtriumDatabase;
let opened: MockInstance<IDBDatabase['transaction']>;
beforeEach(async () => {
	// Dexie binds the connection's transaction() when it opens: watch it from before that.
	opened = vi.spyOn(IDBDatabase.prototype, 'transaction');
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
	await db.open();
});
afterEach(async () => {
	vi.restoreAllMocks();
	await db.delete();
});

function message(conversationId: string, id: string, parentId: string | null): MessageNode {
	return { id, conversationId, parentId, role: 'user', content: id, status: 'complete', createdAt: 1, updatedAt: 1 };
}

/** Counts the IndexedDB transactions `work` opens (Dexie's open is done in beforeEach). */
async function transactions<T>(work: () => Promise<T>): Promise<{ count: number; result: T }> {
	const before = opened.mock.calls.length;
	const result = await work();
	return { count: opened.mock.calls.length - before, result };
}

async function seeded() {
	const conversation = await createConversation(db, { title: 'Seeded' });
	await appendMessage(db, message(conversation.id, 'm1', null));
	await appendMessage(db, message(conversation.id, 'm2', 'm1'));
	await setPinned(db, { conversationId: conversation.id, messageId: 'm1' }, true);
	await setKeepLast(db, conversation.id, 4);
	return conversation;
}

describe('opening a conversation', () => {
	it('reads the conversation, its messages, notes and settings in one transaction, and the thread takes the notes without another', async () => {
		const conversation = await seeded();
		const opened = await transactions(() => openConversation(db, conversation.id));
		expect(opened.count).toBe(1);
		expect(opened.result.conversation).toMatchObject({ id: conversation.id, title: 'Seeded', messageCount: 2, currentLeafId: 'm2' });
		expect(opened.result.messages.map((m) => m.id).sort()).toEqual(['m1', 'm2']);

		const extras = await transactions(() => readConversationExtras(db, conversation.id));
		expect(extras.count).toBe(0);
		expect(extras.result.notes).toEqual([expect.objectContaining({ messageId: 'm1', pinned: true })]);
		expect(extras.result.settings).toMatchObject({ conversationId: conversation.id, keepLast: 4 });

		// Taken once: a second reader (Try again, another view) reads, in one transaction.
		const again = await transactions(() => readConversationExtras(db, conversation.id));
		expect(again.count).toBe(1);
		expect(again.result.settings.keepLast).toBe(4);
	});

	it('drops what it kept when a note or a setting changes after the read, so the thread never shows an old one', async () => {
		const conversation = await seeded();
		await openConversation(db, conversation.id);
		await setNote(db, { conversationId: conversation.id, messageId: 'm2' }, 'written after opening');
		const afterNote = await transactions(() => readConversationExtras(db, conversation.id));
		expect(afterNote.count).toBe(1);
		expect(afterNote.result.notes.map((row) => row.messageId).sort()).toEqual(['m1', 'm2']);

		await openConversation(db, conversation.id);
		await setKeepLast(db, conversation.id, null);
		const afterSetting = await readConversationExtras(db, conversation.id);
		expect(afterSetting.settings.keepLast).toBeNull();
	});

	it('opens the database first when it is not open yet, then reads in one transaction', async () => {
		const conversation = await seeded();
		db.close();
		const reopened = new AtriumDatabase(db.name);
		try {
			const opened = await openConversation(reopened, conversation.id);
			expect(reopened.isOpen()).toBe(true);
			expect(opened.conversation?.title).toBe('Seeded');
			expect(opened.messages).toHaveLength(2);
			expect((await transactions(() => readConversationExtras(reopened, conversation.id))).count).toBe(0);
		} finally {
			reopened.close();
		}
	});

	it('keeps nothing for a conversation that is not here, and never hands one conversation’s notes to another', async () => {
		const first = await seeded();
		const other = await createConversation(db, { title: 'Other' });
		const missing = await openConversation(db, 'no-such-id');
		expect(missing).toEqual({ conversation: undefined, messages: [] });

		await openConversation(db, first.id);
		const read = await transactions(() => readConversationExtras(db, other.id));
		expect(read.count).toBe(1);
		expect(read.result).toEqual({ notes: [], settings: { conversationId: other.id, keepLast: null } });
	});
});
