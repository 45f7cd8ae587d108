import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { AtriumDatabase } from './database.ts';

// The schema is declared as one version (decision 0036): a database left at an older
// version must still open with every table and index, and keep what it holds.
const names: string[] = [];
afterEach(async () => {
	for (const name of names.splice(0)) await Dexie.delete(name);
});

/** A database as version 8 of the app left it (tables of versions 1–8). */
async function version8(name: string): Promise<void> {
	const old = new Dexie(name);
	old.version(1).stores({ conversations: 'id, updatedAt', messages: 'id, conversationId, status', connections: 'id, createdAt', settings: 'key', modelLists: 'key' });
	old.version(2).stores({ attachments: 'id, conversationId, messageId', documentChunks: 'id, conversationId, attachmentId' });
	old.version(3).stores({ sendQueue: 'id, conversationId, queuedAt' });
	old.version(4).stores({ outbox: '++seq', syncClocks: 'key' });
	old.version(7).stores({ teamTemplates: 'id, teamId' });
	old.version(8).stores({ messageNotes: 'messageId, conversationId', contextSettings: 'conversationId' });
	await old.table('conversations').put({ id: 'c1', title: 'Kept', updatedAt: 5 });
	await old.table('messages').put({ id: 'm1', conversationId: 'c1', status: 'complete', content: 'hello' });
	old.close();
}

describe('AtriumDatabase', () => {
	it('upgrades a version 8 database: the later tables appear and the stored rows stay', async () => {
		const name = `upgrade-${crypto.randomUUID()}`;
		names.push(name);
		await version8(name);
		const db = new AtriumDatabase(name);
		await db.open();
		expect(db.verno).toBe(13);
		expect(db.tables.map((t) => t.name).sort()).toEqual(
			[
				'attachments', 'connections', 'contextSettings', 'conversations', 'documentChunks', 'documentInsights', 'embeddings',
				'messageNotes', 'messages', 'modelLists', 'outbox', 'remoteFiles', 'roomOutbox', 'sendQueue', 'settings', 'syncClocks',
				'teamTemplates'
			].sort()
		);
		expect(await db.conversations.get('c1')).toMatchObject({ title: 'Kept' });
		expect(await db.messages.where('conversationId').equals('c1').count()).toBe(1);
		// Indexes of the tables the upgrade added work.
		await db.sendQueue.put({ id: 'q1', conversationId: 'c1', parentId: 'm1', content: 'later', model: 'openai:gpt-4o-mini', replyId: 'r1', queuedAt: 1 });
		expect(await db.sendQueue.where('conversationId').equals('c1').count()).toBe(1);
		await db.documentInsights.put({ attachmentId: 'a1', conversationId: 'c1' });
		expect(await db.documentInsights.where('conversationId').equals('c1').count()).toBe(1);
		db.close();
	});

	it('creates every table with its indexes in a new database', async () => {
		const name = `fresh-${crypto.randomUUID()}`;
		names.push(name);
		const db = new AtriumDatabase(name);
		await db.open();
		expect(db.verno).toBe(13);
		expect(db.embeddings.schema.indexes.map((i) => i.name).sort()).toEqual(['conversationId', 'model']);
		expect(db.outbox.schema.primKey.auto).toBe(true);
		db.close();
	});
});
