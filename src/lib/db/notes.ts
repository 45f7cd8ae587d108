// Per-message notes, highlights and pins, and per-conversation context settings (keep last
// N, a stored summary of older turns). Local to this browser for now: the sync protocol's
// message fields are a closed set (decision 0017). Reading them is here; changing them is in
// notesWrite.ts, loaded with the first change (decision 0022, round 4).
import { Dexie } from 'dexie';
import type { HighlightRange } from '../features/notes/highlightRanges.ts';
import type { AtriumDatabase } from './database.ts';

export const MAX_NOTE_CHARS = 10_000;
export const MAX_KEEP_LAST = 10_000;

export interface MessageNotesRow {
	messageId: string;
	conversationId: string;
	pinned?: boolean;
	note?: string;
	highlights?: HighlightRange[];
	updatedAt: number;
}

/** A summary of a path's older turns, used in place of the turns up to `throughId`. */
export interface ContextSummary {
	throughId: string;
	content: string;
	/** Model key that wrote it. */
	model: string;
	messageCount: number;
	createdAt: number;
}

export interface ContextSettingsRow {
	conversationId: string;
	/** Send only the last N messages (pinned ones come too); null: no limit. */
	keepLast: number | null;
	summary?: ContextSummary;
}

export async function loadNotes(db: AtriumDatabase, conversationId: string): Promise<MessageNotesRow[]> {
	return db.messageNotes.where('conversationId').equals(conversationId).toArray();
}

export async function getContextSettings(db: AtriumDatabase, conversationId: string): Promise<ContextSettingsRow> {
	return (await db.contextSettings.get(conversationId)) ?? { conversationId, keepLast: null };
}

export interface ConversationExtrasRows {
	notes: MessageNotesRow[];
	settings: ContextSettingsRow;
}

/** The last conversation's notes and settings read with it (openConversation.ts), per database. */
const kept = new WeakMap<AtriumDatabase, ConversationExtrasRows>();
const watching = new WeakSet<AtriumDatabase>();

/**
 * Keeps notes and settings just read with their conversation, for the thread to take instead
 * of reading them again (decision 0043). Dropped as soon as a write to either table commits, in
 * this tab or another (Dexie's `storagemutated`), so what is taken is what a read would return.
 */
export function keepExtras(db: AtriumDatabase, rows: ConversationExtrasRows): void {
	kept.set(db, rows);
	if (watching.has(db)) return;
	watching.add(db);
	const prefixes = [`idb://${db.name}/messageNotes/`, `idb://${db.name}/contextSettings/`];
	Dexie.on('storagemutated', (parts) => {
		if (Object.keys(parts).some((part) => prefixes.some((prefix) => part.startsWith(prefix)))) kept.delete(db);
	});
}

/**
 * A conversation's notes and context settings: those kept when it was opened if they are
 * still current (taken once), otherwise both read in one transaction.
 */
export async function readConversationExtras(db: AtriumDatabase, conversationId: string): Promise<ConversationExtrasRows> {
	const rows = kept.get(db);
	if (rows?.settings.conversationId === conversationId) {
		kept.delete(db);
		return rows;
	}
	const [notes, settings] = await db.transaction('r', [db.messageNotes, db.contextSettings], () =>
		Promise.all([loadNotes(db, conversationId), getContextSettings(db, conversationId)])
	);
	return { notes, settings };
}

const hooked = new WeakSet<AtriumDatabase>();

/** Call from the database's constructor: a conversation's notes and settings go with it. */
export function deleteNotesWithConversations(db: AtriumDatabase): void {
	db.on('ready', () => {
		if (hooked.has(db)) return;
		hooked.add(db);
		db.conversations.hook('deleting', (key, _conversation, transaction) => {
			transaction.on('complete', () => {
				const id = String(key);
				void db
					.transaction('rw', [db.messageNotes, db.contextSettings], async () => {
						await db.messageNotes.where('conversationId').equals(id).delete();
						await db.contextSettings.delete(id);
					})
					.catch((error: unknown) => console.error('Could not delete the notes of a deleted conversation', error));
			});
		});
	});
}
