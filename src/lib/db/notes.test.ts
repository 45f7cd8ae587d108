import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConversation } from './conversations.ts';
import { AtriumDatabase } from './database.ts';
import { getContextSettings, loadNotes, MAX_NOTE_CHARS } from './notes.ts';
import { NotesInputError, saveSummary, setHighlights, setKeepLast, setNote, setPinned } from './notesWrite.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

const key = { messageId: 'm1', conversationId: 'c1' };

describe('message notes', () => {
	it('stores a pin, a note and highlights on one message and lists them by conversation', async () => {
		await setPinned(db, key, true);
		await setNote(db, key, 'Check this later');
		await setHighlights(db, key, [{ start: 8, end: 12 }, { start: 0, end: 3 }, { start: 2, end: 5 }], 20);
		await setNote(db, { messageId: 'm2', conversationId: 'c2' }, 'elsewhere');
		const [row, ...rest] = await loadNotes(db, 'c1');
		expect(rest).toEqual([]);
		expect(row).toMatchObject({ messageId: 'm1', pinned: true, note: 'Check this later', highlights: [{ start: 0, end: 5 }, { start: 8, end: 12 }] });
	});

	it('deletes the row once nothing is left on it', async () => {
		await setNote(db, key, 'x');
		await setPinned(db, key, true);
		await setNote(db, key, '   ');
		expect((await loadNotes(db, 'c1'))[0]).toMatchObject({ pinned: true });
		expect((await loadNotes(db, 'c1'))[0]?.note).toBeUndefined();
		await setPinned(db, key, false);
		expect(await db.messageNotes.count()).toBe(0);
	});

	it('refuses an over-long note without storing any of it', async () => {
		await expect(setNote(db, key, 'x'.repeat(MAX_NOTE_CHARS + 1))).rejects.toThrow(NotesInputError);
		expect(await db.messageNotes.count()).toBe(0);
	});

	it('drops empty and out-of-text highlight ranges', async () => {
		await setHighlights(db, key, [{ start: 4, end: 4 }, { start: 18, end: 40 }], 20);
		expect((await loadNotes(db, 'c1'))[0]?.highlights).toEqual([{ start: 18, end: 20 }]);
	});

	it('goes with its conversation', async () => {
		const conversation = await createConversation(db, { model: 'edge::m', title: 't', systemPrompt: '' });
		await setNote(db, { messageId: 'm9', conversationId: conversation.id }, 'gone soon');
		await setKeepLast(db, conversation.id, 4);
		await db.conversations.delete(conversation.id);
		await expect.poll(() => db.messageNotes.count()).toBe(0);
		await expect.poll(() => db.contextSettings.count()).toBe(0);
	});
});

describe('context settings', () => {
	it('defaults to no limit, stores keep-last-N and a summary independently', async () => {
		expect(await getContextSettings(db, 'c1')).toEqual({ conversationId: 'c1', keepLast: null });
		await setKeepLast(db, 'c1', 2);
		const summary = { throughId: 'a1', content: 'They talked.', model: 'edge::m', messageCount: 2, createdAt: 1 };
		await saveSummary(db, 'c1', summary);
		expect(await getContextSettings(db, 'c1')).toEqual({ conversationId: 'c1', keepLast: 2, summary });
		await setKeepLast(db, 'c1', null);
		await saveSummary(db, 'c1', null);
		expect(await getContextSettings(db, 'c1')).toEqual({ conversationId: 'c1', keepLast: null });
	});

	it('refuses a keep-last value that is not a whole positive number', async () => {
		for (const bad of [0, -1, 2.5, Number.NaN]) await expect(setKeepLast(db, 'c1', bad)).rejects.toThrow(NotesInputError);
		expect(await db.contextSettings.count()).toBe(0);
	});
});
