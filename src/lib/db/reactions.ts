// Reactions are one of the few mutable fields of a message node (last writer wins).
import type { MessageNode, Reaction } from '../core/conversationTree.ts';
import { loadLocalOps } from '../sync/onWrite.ts';
import type { AtriumDatabase } from './database.ts';

/** Sets the reaction on a message, or clears it with undefined. Other fields are untouched. */
export async function setReaction(db: AtriumDatabase, messageId: string, reaction: Reaction | undefined): Promise<void> {
	const { recordOps, syncTables } = await loadLocalOps();
	await db.transaction('rw', [db.messages, ...syncTables(db)], async () => {
		const node = await db.messages.get(messageId);
		if (!node) return;
		await db.messages.update(messageId, { reaction } satisfies Partial<MessageNode>);
		await recordOps(db, [{ type: 'message.set', conversationId: node.conversationId, messageId, fields: { reaction: reaction ?? null } }]);
	});
}
