// Stores a fork: a new conversation holding the path from the root to one message.
import { copyPath, forkTitle } from '../core/fork.ts';
import { indexTree, pathToLeaf } from '../core/conversationTree.ts';
import { conversationFields, messageNodeBody, recordOps, syncTables } from '../sync/localOps.ts';
import { loadMessages, newConversation } from './conversations.ts';
import type { AtriumDatabase, Conversation } from './database.ts';

export async function forkConversation(db: AtriumDatabase, conversationId: string, nodeId: string): Promise<Conversation> {
	return db.transaction('rw', [db.conversations, db.messages, ...syncTables(db)], async () => {
		const source = await db.conversations.get(conversationId);
		if (!source) throw new Error('That conversation is not on this device any more.');
		const path = pathToLeaf(indexTree(await loadMessages(db, conversationId)), nodeId);
		if (path.length === 0) throw new Error('That message is not in this conversation.');
		const fork = newConversation({
			title: forkTitle(source.title),
			titleSource: 'user',
			systemPrompt: source.systemPrompt,
			model: source.model
		});
		const messages = copyPath(path, fork.id);
		fork.currentLeafId = messages[messages.length - 1]?.id ?? null;
		fork.messageCount = messages.length;
		await db.conversations.add(fork);
		await db.messages.bulkAdd(messages);
		await recordOps(db, [
			{ type: 'conversation.set', conversationId: fork.id, fields: conversationFields(fork) },
			...messages.map((m) => ({ type: 'message.add' as const, message: messageNodeBody(m) }))
		]);
		return fork;
	});
}

