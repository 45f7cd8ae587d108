// Conversation and message persistence: every write goes through here so counters,
// timestamps and the visible leaf stay consistent, and every synced change is recorded as
// an operation in the same transaction (src/lib/sync/localOps.ts, loaded with the first
// write: reading needs none of it, decision 0038).
import type { MessageNode } from '../core/conversationTree.ts';
import { loadLocalOps } from '../sync/onWrite.ts';
import type { AtriumDatabase, Conversation } from './database.ts';

export const CONVERSATION_PAGE_SIZE = 20;

/**
 * The newest `limit` conversations by the `updatedAt` index. The list grows a page at a
 * time as the user scrolls; wrapped in a live query it stays current.
 */
export function recentConversations(db: AtriumDatabase, limit = CONVERSATION_PAGE_SIZE): Promise<Conversation[]> {
	return db.conversations.orderBy('updatedAt').reverse().limit(limit).toArray();
}

export function newConversation(init: Partial<Conversation> = {}): Conversation {
	const now = Date.now();
	return {
		id: crypto.randomUUID(),
		title: 'New chat',
		titleSource: 'fallback',
		systemPrompt: '',
		model: null,
		currentLeafId: null,
		messageCount: 0,
		createdAt: now,
		updatedAt: now,
		...init
	};
}

export async function createConversation(db: AtriumDatabase, init: Partial<Conversation> = {}): Promise<Conversation> {
	const conversation = newConversation(init);
	const { conversationFields, recordOps, syncTables } = await loadLocalOps();
	await db.transaction('rw', [db.conversations, ...syncTables(db)], async () => {
		await db.conversations.add(conversation);
		await recordOps(db, [{ type: 'conversation.set', conversationId: conversation.id, fields: conversationFields(conversation) }]);
	});
	return conversation;
}

export async function updateConversation(
	db: AtriumDatabase,
	id: string,
	changes: Partial<Omit<Conversation, 'id' | 'createdAt'>>,
	{ touch = true }: { touch?: boolean } = {}
): Promise<void> {
	const write = touch ? { ...changes, updatedAt: Date.now() } : changes;
	const { conversationFields, recordOps, syncTables } = await loadLocalOps();
	await db.transaction('rw', [db.conversations, ...syncTables(db)], async () => {
		if ((await db.conversations.update(id, write)) === 0) return;
		const fields = conversationFields(write);
		if (Object.keys(fields).length > 0) await recordOps(db, [{ type: 'conversation.set', conversationId: id, fields }]);
	});
}

export async function deleteConversation(db: AtriumDatabase, id: string): Promise<void> {
	const { recordOps, syncTables } = await loadLocalOps();
	await db.transaction('rw', [db.conversations, db.messages, ...syncTables(db)], async () => {
		await db.messages.where('conversationId').equals(id).delete();
		await db.conversations.delete(id);
		await recordOps(db, [{ type: 'conversation.delete', conversationId: id }]);
	});
}

export function loadMessages(db: AtriumDatabase, conversationId: string): Promise<MessageNode[]> {
	return db.messages.where('conversationId').equals(conversationId).toArray();
}

/** Adds a node and makes it the visible leaf, in one transaction. */
export async function appendMessage(db: AtriumDatabase, node: MessageNode): Promise<void> {
	const { messageNodeBody, recordOps, syncTables } = await loadLocalOps();
	await db.transaction('rw', [db.conversations, db.messages, ...syncTables(db)], async () => {
		await db.messages.add(node);
		const conversation = await db.conversations.get(node.conversationId);
		if (!conversation) throw new Error(`Conversation ${node.conversationId} does not exist`);
		const changes = { currentLeafId: node.id, updatedAt: Math.max(Date.now(), conversation.updatedAt) };
		await db.conversations.update(node.conversationId, { ...changes, messageCount: conversation.messageCount + 1 });
		await recordOps(db, [
			{ type: 'message.add', message: messageNodeBody(node) },
			{ type: 'conversation.set', conversationId: node.conversationId, fields: changes }
		]);
	});
}

/**
 * Writes the growing content of a streaming node (and its final status). Only the final
 * write syncs: other devices get the finished reply, not every snapshot of it.
 */
export async function saveStreamingMessage(
	db: AtriumDatabase,
	id: string,
	changes: Partial<Pick<MessageNode, 'content' | 'status' | 'error' | 'usage'>>
): Promise<void> {
	const write = { ...changes, updatedAt: Date.now() };
	if (changes.status === undefined || changes.status === 'streaming') {
		await db.messages.update(id, write);
		return;
	}
	const { recordOps, syncTables } = await loadLocalOps();
	await db.transaction('rw', [db.messages, ...syncTables(db)], async () => {
		const node = await db.messages.get(id);
		if (!node || (await db.messages.update(id, write)) === 0) return;
		const { content, status, error, usage, updatedAt } = write;
		const fields = { content, status, error: error ?? null, usage: usage ?? null, updatedAt };
		await recordOps(db, [{ type: 'message.set', conversationId: node.conversationId, messageId: id, fields }]);
	});
}

/**
 * Nodes left `streaming` by a tab that is gone (reload, crash, closed) become
 * `interrupted`: their text is kept and the user can continue or regenerate.
 * `isLive` says whether some tab is still streaming into a node. Works on messages
 * already loaded, so opening a long conversation reads it from IndexedDB once.
 */
export async function markInterrupted(
	db: AtriumDatabase,
	messages: readonly MessageNode[],
	isLive: (id: string) => boolean
): Promise<MessageNode[]> {
	const stale = new Set(messages.filter((m) => m.status === 'streaming' && !isLive(m.id)).map((m) => m.id));
	if (stale.size === 0) return [...messages];
	await db.messages.bulkUpdate([...stale].map((key) => ({ key, changes: { status: 'interrupted' as const } })));
	return messages.map((m) => (stale.has(m.id) ? { ...m, status: 'interrupted' } : m));
}
