import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFixture } from '../../../tests/fixtures/imports/load.ts';
import { serializeAtriumExport, toAtriumExport } from '../core/export/atriumJson.ts';
import type { MessageNode } from '../core/conversationTree.ts';
import { parseImportText } from '../core/import/parseImport.ts';
import type { ImportPlan } from '../core/import/types.ts';
import { appendMessage, createConversation } from './conversations.ts';
import { AtriumDatabase } from './database.ts';
import { applyImport, findDuplicates, loadAllForExport } from './transfer.ts';

const dbs: AtriumDatabase[] = [];
function freshDb(): AtriumDatabase {
	const db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
	dbs.push(db);
	return db;
}
let db: AtriumDatabase;
beforeEach(() => {
	db = freshDb();
});
afterEach(async () => {
	await Promise.all(dbs.splice(0).map((d) => d.delete()));
});

const msg = (conversationId: string, id: string, parentId: string | null, role: MessageNode['role'], at: number, extra: Partial<MessageNode> = {}): MessageNode => ({
	id, conversationId, parentId, role, content: `${role} ${id}`, status: 'complete', createdAt: at, updatedAt: at, ...extra
});

/** Two conversations, the first with an edited question and a regenerated answer. */
async function seed(target: AtriumDatabase) {
	const a = await createConversation(target, { title: 'Branchy', titleSource: 'user', systemPrompt: 'Be terse.', model: 'edge::openai/gpt-4o-mini', createdAt: 100, updatedAt: 900 });
	await appendMessage(target, msg(a.id, 'a-u1', null, 'user', 100));
	await appendMessage(target, msg(a.id, 'a-r1', 'a-u1', 'assistant', 200, { model: 'edge::openai/gpt-4o-mini', reaction: 'up', usage: { inputTokens: 5, outputTokens: 7 } }));
	await appendMessage(target, msg(a.id, 'a-r1b', 'a-u1', 'assistant', 300, { model: 'edge::gemini/gemini-2.0-flash', status: 'error', error: { code: 'network', message: 'offline' } }));
	await appendMessage(target, msg(a.id, 'a-u2', 'a-r1', 'user', 400));
	await appendMessage(target, msg(a.id, 'a-u2b', 'a-r1', 'user', 500));
	await appendMessage(target, msg(a.id, 'a-r2', 'a-u2b', 'assistant', 600, { model: 'edge::openai/gpt-4o-mini', reaction: 'down' }));
	await target.conversations.update(a.id, { currentLeafId: 'a-u2', updatedAt: 900 });
	const b = await createConversation(target, { title: 'Plain', createdAt: 50, updatedAt: 60 });
	await appendMessage(target, msg(b.id, 'b-u1', null, 'user', 50));
	await target.conversations.update(b.id, { updatedAt: 60 });
	return { a, b };
}

async function exportText(source: AtriumDatabase): Promise<string> {
	return serializeAtriumExport(toAtriumExport(await loadAllForExport(source), 1));
}

describe('import and export storage', () => {
	it('round-trips Atrium JSON into a fresh browser exactly: every branch, role, model, time and title', async () => {
		await seed(db);
		const text = await exportText(db);
		const target = freshDb();
		const summary = await applyImport(target, parseImportText(text));
		expect(summary).toMatchObject({ imported: 2, skipped: 0, messages: 7 });
		expect(await exportText(target)).toBe(text);
		const stored = await target.conversations.toArray();
		expect(stored.map((c) => c.messageCount).sort()).toEqual([1, 6]);
	});

	it('skips conversations that are already here, and can import them again as renamed copies', async () => {
		const { a } = await seed(db);
		const plan = parseImportText(await exportText(db));
		expect(await findDuplicates(db, plan)).toEqual(['Branchy', 'Plain']);
		expect(await applyImport(db, plan)).toMatchObject({ imported: 0, skipped: 2 });
		expect(await db.conversations.count()).toBe(2);

		const copies = await applyImport(db, plan, 'copy');
		expect(copies).toMatchObject({ imported: 2, skipped: 0, messages: 7 });
		const copy = (await db.conversations.toArray()).find((c) => c.title === 'Branchy (copy)');
		expect(copy?.id).not.toBe(a.id);
		expect(copy?.importedFrom).toEqual({ format: 'atrium', id: a.id });
		const copied = await db.messages.where('conversationId').equals(copy?.id ?? '').toArray();
		expect(copied).toHaveLength(6);
		expect(copied.every((m) => !m.id.startsWith('a-'))).toBe(true);
		expect(copied.find((m) => m.id === copy?.currentLeafId)?.content).toBe('user a-u2');
		// Copies are themselves recognised next time.
		expect(await findDuplicates(db, plan)).toEqual(['Branchy', 'Plain']);
	});

	it('skips a ChatGPT conversation imported before, by its ChatGPT id', async () => {
		const text = importFixture('chatgpt-conversations.json');
		expect(await applyImport(db, parseImportText(text))).toMatchObject({ imported: 2, skipped: 0, messages: 7 });
		const again = parseImportText(text);
		expect(await findDuplicates(db, again)).toEqual(['Sourdough starter help', 'Regex for ISO dates']);
		expect(await applyImport(db, again)).toMatchObject({ imported: 0, skipped: 2 });
		expect(await db.messages.count()).toBe(7);
	});

	it('gives an Atrium conversation new ids when one of its message ids is taken', async () => {
		await seed(db);
		const plan = parseImportText(await exportText(db));
		const target = freshDb();
		await appendMessage(target, msg((await createConversation(target)).id, 'a-u1', null, 'user', 1));
		expect(await applyImport(target, plan)).toMatchObject({ imported: 2 });
		const branchy = (await target.conversations.toArray()).find((c) => c.title === 'Branchy');
		expect(await target.messages.where('conversationId').equals(branchy?.id ?? '').count()).toBe(6);
	});

	it('stores nothing when any part of the import fails', async () => {
		const plan = parseImportText(importFixture('chatgpt-conversations.json'));
		const [first, second] = plan.conversations;
		if (!first || !second) throw new Error('fixture');
		// The second conversation reuses a message id of the first: the second add fails.
		const clash: ImportPlan = {
			...plan,
			conversations: [first, { ...second, messages: [{ ...(second.messages[0] as MessageNode), id: first.messages[0]?.id as string }] }]
		};
		await expect(applyImport(db, clash)).rejects.toThrow();
		expect(await db.conversations.count()).toBe(0);
		expect(await db.messages.count()).toBe(0);
	});
});
