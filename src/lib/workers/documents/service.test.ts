import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkPages } from '../../core/documents/chunking.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { DocumentService } from './service.ts';

let db: AtriumDatabase;
beforeEach(async () => {
	db = new AtriumDatabase(`docs-${crypto.randomUUID()}`);
	await db.open();
});
afterEach(async () => {
	await db.delete();
});

const add = (conversationId: string, attachmentId: string, fileName: string, pages: { page: number; text: string }[]) =>
	db.documentChunks.bulkAdd(chunkPages(pages, { conversationId, attachmentId, fileName }));

describe('DocumentService', () => {
	it("searches only the conversation's own documents", async () => {
		await add('c1', 'a', 'mine.pdf', [{ page: 3, text: 'The harbour crane lifts forty tonnes.' }]);
		await add('c2', 'b', 'theirs.pdf', [{ page: 1, text: 'The harbour crane is painted red.' }]);
		const service = new DocumentService(db);
		const hits = await service.search('c1', 'harbour crane');
		expect(hits.map((h) => [h.chunk.fileName, h.chunk.page])).toEqual([['mine.pdf', 3]]);
		expect(await service.search('c3', 'harbour crane')).toEqual([]);
		expect(await service.hasDocuments('c1')).toBe(true);
		expect(await service.hasDocuments('c3')).toBe(false);
	});

	it('sees a document attached after the first question', async () => {
		await add('c1', 'a', 'first.pdf', [{ page: 1, text: 'Apples grow on trees.' }]);
		const service = new DocumentService(db);
		expect(await service.search('c1', 'volcano')).toEqual([]);
		await add('c1', 'b', 'second.pdf', [{ page: 9, text: 'The volcano erupted in 1902.' }]);
		expect((await service.search('c1', 'volcano'))[0]?.chunk).toMatchObject({ fileName: 'second.pdf', page: 9 });
	});
});
