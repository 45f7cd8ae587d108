// The conversation list's two views: the chats in use and the archived ones. Archiving is
// a synced flag on the conversation (decision 0013); IndexedDB cannot index a boolean, so
// both views walk the `updatedAt` index newest first and filter, a page at a time.
import { updateConversation } from '$lib/db/conversations.ts';
import type { AtriumDatabase, Conversation } from '$lib/db/database.ts';

export type ListView = 'chats' | 'archived';

/** The newest `limit` conversations of `view`. Wrap in a live query to keep it current. */
export function listConversations(db: AtriumDatabase, view: ListView, limit: number): Promise<Conversation[]> {
	const archived = view === 'archived';
	return db.conversations
		.orderBy('updatedAt')
		.reverse()
		.filter((c) => (c.archived === true) === archived)
		.limit(limit)
		.toArray();
}

/** Archives or restores; the conversation keeps its place (its `updatedAt` is not touched). */
export function setArchived(db: AtriumDatabase, id: string, archived: boolean): Promise<void> {
	return updateConversation(db, id, { archived }, { touch: false });
}
