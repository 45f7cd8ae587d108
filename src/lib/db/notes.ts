// Per-message notes, highlights and pins, and per-conversation context settings (keep last
// N, a stored summary of older turns). Local to this browser for now: the sync protocol's
// message fields are a closed set (decision 0017).
import type { HighlightRange } from '../features/notes/highlightRanges.ts';
import { normalizeRanges } from '../features/notes/highlightRanges.ts';
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

export class NotesInputError extends Error {}

export async function loadNotes(db: AtriumDatabase, conversationId: string): Promise<MessageNotesRow[]> {
	return db.messageNotes.where('conversationId').equals(conversationId).toArray();
}

async function update(
	db: AtriumDatabase,
	key: { messageId: string; conversationId: string },
	change: (row: MessageNotesRow) => MessageNotesRow
): Promise<MessageNotesRow> {
	return db.transaction('rw', db.messageNotes, async () => {
		const row = (await db.messageNotes.get(key.messageId)) ?? { ...key, updatedAt: 0 };
		const next = { ...change(row), updatedAt: Date.now() };
		if (!next.pinned && !next.note && !next.highlights?.length) await db.messageNotes.delete(key.messageId);
		else await db.messageNotes.put(next);
		return next;
	});
}

type MessageKey = { messageId: string; conversationId: string };

export function setPinned(db: AtriumDatabase, key: MessageKey, pinned: boolean): Promise<MessageNotesRow> {
	return update(db, key, (row) => ({ ...row, pinned: pinned || undefined }));
}

/** Saves a note (an empty one deletes it); over-long notes are refused, never cut. */
export async function setNote(db: AtriumDatabase, key: MessageKey, note: string): Promise<MessageNotesRow> {
	if (note.length > MAX_NOTE_CHARS) {
		throw new NotesInputError(`This note is ${note.length.toLocaleString('en')} characters; the limit is ${MAX_NOTE_CHARS.toLocaleString('en')}.`);
	}
	const clean = note.trim() ? note : undefined;
	return update(db, key, (row) => ({ ...row, note: clean }));
}

/** Replaces a message's highlights, normalized against its text length. */
export function setHighlights(db: AtriumDatabase, key: MessageKey, ranges: readonly HighlightRange[], textLength: number): Promise<MessageNotesRow> {
	const highlights = normalizeRanges(ranges, textLength);
	return update(db, key, (row) => ({ ...row, highlights: highlights.length ? highlights : undefined }));
}

export async function getContextSettings(db: AtriumDatabase, conversationId: string): Promise<ContextSettingsRow> {
	return (await db.contextSettings.get(conversationId)) ?? { conversationId, keepLast: null };
}

export async function setKeepLast(db: AtriumDatabase, conversationId: string, keepLast: number | null): Promise<ContextSettingsRow> {
	if (keepLast !== null && (!Number.isInteger(keepLast) || keepLast < 1 || keepLast > MAX_KEEP_LAST)) {
		throw new NotesInputError(`Keep last must be a whole number from 1 to ${MAX_KEEP_LAST.toLocaleString('en')}, or empty for all.`);
	}
	return db.transaction('rw', db.contextSettings, async () => {
		const row = { ...(await getContextSettings(db, conversationId)), keepLast };
		await db.contextSettings.put(row);
		return row;
	});
}

export async function saveSummary(db: AtriumDatabase, conversationId: string, summary: ContextSummary | null): Promise<ContextSettingsRow> {
	return db.transaction('rw', db.contextSettings, async () => {
		const row: ContextSettingsRow = { ...(await getContextSettings(db, conversationId)) };
		if (summary) row.summary = summary;
		else delete row.summary;
		await db.contextSettings.put(row);
		return row;
	});
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
