// Conversation and message persistence: every write goes through here so counters,
// timestamps and the visible leaf stay consistent.
import type { MessageNode } from '../core/conversationTree.ts';
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
	await db.conversations.add(conversation);
	return conversation;
}

export async function updateConversation(
	db: AtriumDatabase,
	id: string,
	changes: Partial<Omit<Conversation, 'id' | 'createdAt'>>,
	{ touch = true }: { touch?: boolean } = {}
): Promise<void> {
	await db.conversations.update(id, touch ? { ...changes, updatedAt: Date.now() } : changes);
}

export async function deleteConversation(db: AtriumDatabase, id: string): Promise<void> {
	await db.transaction('rw', db.conversations, db.messages, async () => {
		await db.messages.where('conversationId').equals(id).delete();
		await db.conversations.delete(id);
	});
}

export function loadMessages(db: AtriumDatabase, conversationId: string): Promise<MessageNode[]> {
	return db.messages.where('conversationId').equals(conversationId).toArray();
}

/** Adds a node and makes it the visible leaf, in one transaction. */
export async function appendMessage(db: AtriumDatabase, node: MessageNode): Promise<void> {
	await db.transaction('rw', db.conversations, db.messages, async () => {
		await db.messages.add(node);
		const conversation = await db.conversations.get(node.conversationId);
		if (!conversation) throw new Error(`Conversation ${node.conversationId} does not exist`);
		await db.conversations.update(node.conversationId, {
			currentLeafId: node.id,
			messageCount: conversation.messageCount + 1,
			updatedAt: Math.max(Date.now(), conversation.updatedAt)
		});
	});
}

/** Writes the growing content of a streaming node (and its final status). */
export async function saveStreamingMessage(
	db: AtriumDatabase,
	id: string,
	changes: Partial<Pick<MessageNode, 'content' | 'status' | 'error' | 'usage'>>
): Promise<void> {
	await db.messages.update(id, { ...changes, updatedAt: Date.now() });
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
