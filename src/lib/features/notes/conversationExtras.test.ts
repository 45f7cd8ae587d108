import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AtriumDatabase } from '../../db/database.ts';
import { setNote } from '../../db/notesWrite.ts';
import { ConversationExtras } from './conversationExtras.svelte.ts';

describe('conversation extras', () => {
	it('says when the notes cannot be read, and Try again reads them', async () => {
		const db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
		await setNote(db, { messageId: 'm1', conversationId: 'c1' }, 'Remember this');
		db.close();
		const extras = new ConversationExtras(db, 'c1');
		await extras.load();
		expect(extras.error).toMatch(/^Notes could not be loaded: /);
		expect(extras.row('m1')).toBeUndefined();

		await db.open();
		await extras.load();
		expect(extras.error).toBeNull();
		expect(extras.row('m1')?.note).toBe('Remember this');
		await db.delete();
	});
});
