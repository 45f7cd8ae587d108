// Reactions are one of the few mutable fields of a message node (last writer wins).
import type { MessageNode, Reaction } from '../core/conversationTree.ts';
import type { AtriumDatabase } from './database.ts';

/** Sets the reaction on a message, or clears it with undefined. Other fields are untouched. */
export async function setReaction(db: AtriumDatabase, messageId: string, reaction: Reaction | undefined): Promise<void> {
	await db.messages.update(messageId, { reaction } satisfies Partial<MessageNode>);
}
