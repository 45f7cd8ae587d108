// Messages typed while offline wait here (IndexedDB, so a reload keeps them) until the
// network is back, then become message nodes and are answered in the order they were
// typed. Each one knows where it goes in the tree before it is sent, so two queued
// messages form a thread (message, reply, message, reply) rather than two branches.
import type { MessageNode } from '../../core/conversationTree.ts';
import { appendMessage } from '../../db/conversations.ts';
import type { AtriumDatabase, QueuedMessage } from '../../db/database.ts';

/** This conversation's waiting messages, oldest first. */
export async function queuedFor(db: AtriumDatabase, conversationId: string): Promise<QueuedMessage[]> {
	const rows = await db.sendQueue.where('conversationId').equals(conversationId).toArray();
	return rows.sort(byQueuedAt);
}

/** Every waiting message, oldest first: the order they are sent in. */
export function allQueued(db: AtriumDatabase): Promise<QueuedMessage[]> {
	return db.sendQueue.orderBy('queuedAt').toArray();
}

/**
 * Queues `node` (a user message not stored yet) with the model to answer it. Behind
 * another queued message of the same conversation, it goes below that message's reply.
 */
export async function enqueueMessage(db: AtriumDatabase, node: MessageNode, model: string): Promise<QueuedMessage> {
	return db.transaction('rw', db.sendQueue, async () => {
		const ahead = await queuedFor(db, node.conversationId);
		const last = ahead[ahead.length - 1];
		const queued: QueuedMessage = {
			id: node.id,
			conversationId: node.conversationId,
			parentId: last ? last.replyId : node.parentId,
			content: node.content,
			model,
			replyId: crypto.randomUUID(),
			// Strictly increasing, so the order holds even within one millisecond.
			queuedAt: Math.max(node.createdAt, (last?.queuedAt ?? 0) + 1)
		};
		await db.sendQueue.add(queued);
		return queued;
	});
}

/** Removes a waiting message; the one queued after it takes its place in the tree. */
export async function cancelQueued(db: AtriumDatabase, id: string): Promise<void> {
	await db.transaction('rw', db.sendQueue, async () => {
		const queued = await db.sendQueue.get(id);
		if (!queued) return;
		await db.sendQueue.delete(id);
		const next = (await queuedFor(db, queued.conversationId)).find((row) => row.parentId === queued.replyId);
		if (next) await db.sendQueue.update(next.id, { parentId: queued.parentId });
	});
}

/** Drops every waiting message of a conversation that no longer exists. */
export async function dropQueuedFor(db: AtriumDatabase, conversationId: string): Promise<void> {
	await db.sendQueue.where('conversationId').equals(conversationId).delete();
}

/**
 * Stores the queued message as its user node and takes it off the queue, in one
 * transaction: it is never sent twice nor lost. False when it was cancelled meanwhile.
 */
export async function storeQueued(db: AtriumDatabase, node: MessageNode): Promise<boolean> {
	// Every table: appendMessage writes whatever a message needs (counters, the sync outbox).
	return db.transaction('rw', db.tables, async () => {
		if (!(await db.sendQueue.get(node.id))) return false;
		await db.sendQueue.delete(node.id);
		await appendMessage(db, node);
		return true;
	});
}

/** The user node a queued message becomes; stamped when sent, so it is newer than its parent. */
export function queuedNode(queued: QueuedMessage, now = Date.now()): MessageNode {
	return {
		id: queued.id,
		conversationId: queued.conversationId,
		parentId: queued.parentId,
		role: 'user',
		content: queued.content,
		status: 'complete',
		createdAt: now,
		updatedAt: now
	};
}

function byQueuedAt(a: QueuedMessage, b: QueuedMessage): number {
	return a.queuedAt - b.queuedAt;
}
