// Changing a message's pin, note and highlights and a conversation's context settings.
// Loaded with the first change (the thread shows stored ones through notes.ts).
import { normalizeRanges, type HighlightRange } from '../features/notes/highlightRanges.ts';
import type { AtriumDatabase } from './database.ts';
import { getContextSettings, MAX_KEEP_LAST, MAX_NOTE_CHARS, type ContextSettingsRow, type ContextSummary, type MessageNotesRow } from './notes.ts';

export class NotesInputError extends Error {}

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
