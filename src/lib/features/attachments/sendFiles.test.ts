// The send path's attachment part loads the attachment code (session.ts, the real module)
// only when the data has files; a fresh Dexie database per test.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageNode } from '../../core/conversationTree.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { sendFilesPart } from './sendFiles.ts';
import type { ReadyAttachment } from './types.ts';

let db: AtriumDatabase;
let loads: number;
let failNext: boolean;
const load = () => {
	loads++;
	if (failNext) {
		failNext = false;
		return Promise.reject(new Error('offline'));
	}
	return import('./session.ts');
};

beforeEach(() => {
	loads = 0;
	failNext = false;
	db = new AtriumDatabase(`send-files-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

function user(content: string, attachments?: MessageNode['attachments']): MessageNode {
	const now = Date.now();
	return { id: crypto.randomUUID(), conversationId: 'c1', parentId: null, role: 'user', content, status: 'complete', createdAt: now, updatedAt: now, ...(attachments ? { attachments } : {}) };
}

const textFile = (name: string, text: string): ReadyAttachment => {
	const blob = new Blob([text], { type: 'text/plain' });
	return { ref: { id: crypto.randomUUID(), kind: 'text', name, mimeType: 'text/plain', size: blob.size, sha256: 'z' }, blob, originalSize: blob.size, pages: [{ page: null, text }] };
};

describe('sendFilesPart', () => {
	it('loads nothing for a text message in a conversation without files', async () => {
		const part = sendFilesPart(load);
		await part.refuseForModel([], false, 'fake::gpt-4o');
		let stored = false;
		await part.storeWithMessage(db, [], { conversationId: 'c1', messageId: 'm1' }, async () => void (stored = true));
		const context = await part.filesContext(db, [user('Hello')], true);
		expect(stored).toBe(true);
		expect(context.parts.size).toBe(0);
		expect(context.citations).toEqual([]);
		expect(loads).toBe(0);
	});

	it('loads the attachment code once when the message has files, and stores them with it', async () => {
		const part = sendFilesPart(load);
		const file = textFile('notes.txt', 'Short file');
		await part.refuseForModel([file], false, 'fake::gpt-4o');
		await part.storeWithMessage(db, [file], { conversationId: 'c1', messageId: 'm1' }, async () => undefined);
		expect(await db.attachments.count()).toBe(1);
		const context = await part.filesContext(db, [user('Read this', [file.ref])], true);
		expect(context.parts.size).toBe(1);
		expect(loads).toBe(1);
	});

	it('refuses images for a model that cannot see them', async () => {
		const part = sendFilesPart(load);
		const blob = new Blob(['x'], { type: 'image/png' });
		const image: ReadyAttachment = { ref: { id: 'i1', kind: 'image', name: 'cat.png', mimeType: 'image/png', size: 1, sha256: 'x', width: 1, height: 1 }, blob, originalSize: 1 };
		await expect(part.refuseForModel([image], false, 'fake::gpt-4o')).rejects.toThrow('gpt-4o cannot see images');
	});

	it('searches a conversation whose documents are on another branch (passages stored, none on the path)', async () => {
		const part = sendFilesPart(load);
		await db.documentChunks.add({ id: 'k1', conversationId: 'c1', attachmentId: 'a1', fileName: 'report.pdf', page: 1, index: 0, text: 'Quarterly figures' });
		// No documents worker in Node: the search finds nothing, but the attachment code ran.
		const context = await part.filesContext(db, [user('What are the figures?')], true);
		expect(context.citations).toEqual([]);
		expect(loads).toBe(1);
	});

	it('says what failed to load, and tries again on the next send', async () => {
		const part = sendFilesPart(load);
		failNext = true;
		const file = textFile('a.txt', 'A');
		await expect(part.storeWithMessage(db, [file], { conversationId: 'c1', messageId: 'm1' }, async () => undefined)).rejects.toThrow(
			'Could not load what sending files needs (offline)'
		);
		expect(await db.attachments.count()).toBe(0);
		await part.storeWithMessage(db, [file], { conversationId: 'c1', messageId: 'm1' }, async () => undefined);
		expect(await db.attachments.count()).toBe(1);
		expect(loads).toBe(2);
	});
});
