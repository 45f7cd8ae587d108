// What opening a stored conversation shows, read in ONE IndexedDB transaction: the
// conversation, its messages, and its notes and context settings (the thread's pins and the
// budget line's inputs). Before, the page ran four transactions for these, the messages only
// after the conversation had been read, and the notes' two inside the thread's mount task
// (decision 0043). The notes and settings read here are handed to the thread through
// `keepExtras` (db/notes.ts), which drops them as soon as anything changes those tables.
import type { MessageNode } from '../core/conversationTree.ts';
import { afterOpening } from '../core/nextTask.ts';
import { loadMessages } from './conversations.ts';
import type { AtriumDatabase, Conversation } from './database.ts';
import { getContextSettings, keepExtras, loadNotes } from './notes.ts';

export interface OpenedConversation {
	/** Undefined when no conversation has this id on this device. */
	conversation: Conversation | undefined;
	messages: MessageNode[];
}

export async function openConversation(db: AtriumDatabase, id: string): Promise<OpenedConversation> {
	// At startup the database is still opening, and every query waiting for it starts in the
	// open's own task (the model list's…): this read, the largest, starts in a task of its own
	// after it, so that neither task is long (decision 0043).
	await afterOpening(db);
	const [conversation, messages, notes, settings] = await db.transaction(
		'r',
		[db.conversations, db.messages, db.messageNotes, db.contextSettings],
		() => Promise.all([db.conversations.get(id), loadMessages(db, id), loadNotes(db, id), getContextSettings(db, id)])
	);
	if (conversation) keepExtras(db, { notes, settings });
	return { conversation, messages };
}
