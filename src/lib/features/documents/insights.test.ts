// Classification and extraction against the fake OpenAI and Gemini servers over real HTTP,
// with the real SDKs, Ajv and Dexie (fake-indexeddb).
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGemini } from '../../../../tests/fixtures/fakeGemini.ts';
import { startFakeOpenAI, type FakeServer } from '../../../../tests/fixtures/fakeOpenAI.ts';
import { STRUCTURED_CONTROL_PATH } from '../../../../tests/fixtures/fakeStructured.ts';
import type { AttachmentRecord } from '../../core/documents/types.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { createGeminiProvider } from '../../providers/gemini.ts';
import { createOpenAIProvider } from '../../providers/openai.ts';
import { classifyDocument, classifyNew, extractDocument, saveCategories, type ModelChoice } from './insights.ts';
import { SchemaError } from './jsonSchema.ts';

const KEY = 'sk-docs';
let openai: FakeServer;
let gemini: FakeServer;
let db: AtriumDatabase;

beforeAll(async () => {
	openai = await startFakeOpenAI({ apiKey: KEY, chunkDelayMs: 0 });
	gemini = await startFakeGemini({ apiKey: KEY, chunkDelayMs: 0 });
});
afterAll(async () => {
	await Promise.all([openai.close(), gemini.close()]);
});
beforeEach(() => {
	db = new AtriumDatabase(`docs-${crypto.randomUUID()}`);
	openai.requests.length = 0;
	gemini.requests.length = 0;
});
afterEach(async () => {
	await db.delete();
});

const viaOpenAI = (): ModelChoice => ({ key: 'c1::gpt-4o-mini', model: { provider: createOpenAIProvider({ baseURL: openai.url, apiKey: KEY }), modelId: 'gpt-4o-mini' } });
const viaGemini = (): ModelChoice => ({ key: 'c2::gemini-2.5-flash', model: { provider: createGeminiProvider({ apiKey: KEY, baseUrl: gemini.url }), modelId: 'gemini-2.5-flash' } });

async function addText(id: string, text: string): Promise<void> {
	const record: AttachmentRecord = {
		id, kind: 'text', name: `${id}.txt`, mimeType: 'text/plain', size: text.length, sha256: id,
		conversationId: 'conv', messageId: 'm1', blob: new Blob([text], { type: 'text/plain' }), originalSize: text.length, createdAt: 1
	};
	await db.attachments.add(record);
}

async function addPdf(id: string, pages: string[]): Promise<void> {
	await db.attachments.add({
		id, kind: 'pdf', name: `${id}.pdf`, mimeType: 'application/pdf', size: 10, sha256: id, pages: pages.length,
		conversationId: 'conv', messageId: 'm1', blob: new Blob(['%PDF'], { type: 'application/pdf' }), originalSize: 10, createdAt: 1
	});
	await db.documentChunks.bulkAdd(pages.map((text, i) => ({ id: `${id}-${i}`, conversationId: 'conv', attachmentId: id, fileName: `${id}.pdf`, page: i + 1, index: i, text })));
}

async function queue(server: FakeServer, override: { text?: string; status?: number }, base = server.url): Promise<void> {
	const response = await fetch(`${base}${STRUCTURED_CONTROL_PATH}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(override) });
	expect(response.ok).toBe(true);
}
const queueOpenAI = (override: { text?: string; status?: number }) => queue(openai, override);
const queueGemini = (override: { text?: string; status?: number }) => queue(gemini, override, gemini.url);

function chatBodies(server: FakeServer): Record<string, unknown>[] {
	return server.requests.filter((r) => r.method === 'POST').map((r) => r.body as Record<string, unknown>);
}

describe('classifyDocument', () => {
	it('asks OpenAI for a category with a json_schema response format and stores it', async () => {
		await addText('inv', 'INVOICE No. 42\nBill to: Ada\nTotal due: 120.00 EUR');
		const result = await classifyDocument(db, 'inv', viaOpenAI());
		expect(result).toMatchObject({ state: 'done', category: 'invoice', model: 'c1::gpt-4o-mini' });
		expect((await db.documentInsights.get('inv'))?.classification?.category).toBe('invoice');
		const [body] = chatBodies(openai);
		expect(body?.response_format).toMatchObject({
			type: 'json_schema',
			json_schema: { name: 'document_category', schema: { properties: { category: { enum: ['invoice', 'contract', 'paper', 'code', 'letter', 'other'] } } } }
		});
	});

	it('asks Gemini through responseJsonSchema and reads a PDF from its passages', async () => {
		await addPdf('deal', ['This contract is made between Ada and Bob.', 'Both parties sign below.']);
		const result = await classifyDocument(db, 'deal', viaGemini());
		expect(result).toMatchObject({ state: 'done', category: 'contract' });
		const [body] = chatBodies(gemini);
		const config = body?.generationConfig as Record<string, unknown>;
		expect(config.responseMimeType).toBe('application/json');
		expect(config.responseJsonSchema).toMatchObject({ required: ['category'] });
		expect(JSON.stringify(body?.contents)).toContain('[page 2] Both parties sign below.');
	});

	it('uses the categories the user set', async () => {
		await saveCategories(db, ['receipt', 'memo']);
		await addText('note', 'MEMO to all staff: the office is closed on Friday.');
		expect(await classifyDocument(db, 'note', viaOpenAI())).toMatchObject({ state: 'done', category: 'memo' });
		const format = chatBodies(openai)[0]?.response_format as { json_schema: { schema: { properties: { category: { enum: string[] } } } } };
		expect(format.json_schema.schema.properties.category.enum).toEqual(['receipt', 'memo']);
	});

	it('stores a failure with the provider’s words, and a retry replaces it', async () => {
		await addText('inv', 'INVOICE No. 7');
		await queueOpenAI({ status: 503 });
		const failed = await classifyDocument(db, 'inv', viaOpenAI());
		expect(failed.state).toBe('failed');
		expect(failed.error).toMatch(/overloaded|try again/i);
		expect((await db.documentInsights.get('inv'))?.classification?.state).toBe('failed');
		expect(await classifyDocument(db, 'inv', viaOpenAI())).toMatchObject({ state: 'done', category: 'invoice' });
	});

	it('fails clearly when the model names no category, or the file is not on this device', async () => {
		await addText('x', 'Some words.');
		await queueOpenAI({ text: '{"category": "banana"}' });
		const wrong = await classifyDocument(db, 'x', viaOpenAI());
		expect(wrong).toMatchObject({ state: 'failed' });
		expect(wrong.error).toContain('“{"category": "banana"}”, which is none of: invoice');
		expect(await classifyDocument(db, 'gone', viaOpenAI())).toMatchObject({ state: 'failed', error: 'This file is not on this device.' });
	});

	it('classifyNew classifies the documents of a message and skips images', async () => {
		await addText('a', 'Dear Ada, this letter is to thank you.');
		await classifyNew(db, [
			{ id: 'a', kind: 'text', name: 'a.txt', mimeType: 'text/plain', size: 1, sha256: 'a' },
			{ id: 'img', kind: 'image', name: 'p.webp', mimeType: 'image/webp', size: 1, sha256: 'i' }
		], viaOpenAI());
		expect((await db.documentInsights.toArray()).map((row) => [row.attachmentId, row.classification?.category])).toEqual([['a', 'letter']]);
	});
});

const INVOICE_SCHEMA = JSON.stringify({
	type: 'object',
	properties: { number: { type: 'string' }, total: { type: 'number' }, paid: { type: 'boolean' } },
	required: ['number', 'total']
});

describe('extractDocument', () => {
	it('extracts JSON that follows the schema (OpenAI) and keeps the schema text', async () => {
		await addText('inv', 'INVOICE number A-1, total 12.5');
		const result = await extractDocument(db, 'inv', INVOICE_SCHEMA, viaOpenAI());
		expect(result).toMatchObject({ state: 'done', schemaText: INVOICE_SCHEMA, value: { number: 'File', total: 1.5, paid: true } });
		const format = chatBodies(openai)[0]?.response_format as { json_schema: { name: string; schema: unknown; strict: boolean } };
		expect(format.json_schema).toEqual({ name: 'extraction', schema: JSON.parse(INVOICE_SCHEMA), strict: false });
		expect((await db.documentInsights.get('inv'))?.extraction?.state).toBe('done');
	});

	it('extracts through Gemini too', async () => {
		await addPdf('p', ['A paper about ducks.']);
		expect(await extractDocument(db, 'p', INVOICE_SCHEMA, viaGemini())).toMatchObject({ state: 'done', value: { total: 1.5 } });
	});

	it('refuses an invalid schema before asking the model, storing nothing', async () => {
		await addText('inv', 'INVOICE');
		await expect(extractDocument(db, 'inv', '{"type": "object",', viaOpenAI())).rejects.toThrow(/not valid JSON/);
		await expect(extractDocument(db, 'inv', '{"type": "array"}', viaOpenAI())).rejects.toThrow(/add "type": "object"/);
		await expect(extractDocument(db, 'inv', '{"type": "object", "properties": {"a": {"type": "strng"}}}', viaOpenAI())).rejects.toBeInstanceOf(SchemaError);
		await expect(extractDocument(db, 'inv', '{"type": "object", "required": "a"}', viaOpenAI())).rejects.toThrow(/not a valid JSON Schema: .*required/);
		expect(chatBodies(openai)).toHaveLength(0);
		expect(await db.documentInsights.count()).toBe(0);
	});

	it('keeps an answer that does not follow the schema, says why, and a retry succeeds', async () => {
		await addText('inv', 'INVOICE number A-1');
		await queueOpenAI({ text: '{"number": 5, "extra": true}' });
		const invalid = await extractDocument(db, 'inv', INVOICE_SCHEMA, viaOpenAI());
		expect(invalid).toMatchObject({ state: 'invalid', output: '{"number": 5, "extra": true}' });
		expect(invalid.problems).toEqual(expect.arrayContaining(['/number: must be string', "(top level): must have required property 'total'"]));

		await queueOpenAI({ text: 'Sure! Here is the data.' });
		const notJson = await extractDocument(db, 'inv', INVOICE_SCHEMA, viaOpenAI());
		expect(notJson).toMatchObject({ state: 'invalid', output: 'Sure! Here is the data.' });
		expect(notJson.problems?.[0]).toMatch(/did not answer with valid JSON/);

		await queueOpenAI({ text: '```json\n{"number": "A-1", "total": 3}\n```' });
		expect(await extractDocument(db, 'inv', INVOICE_SCHEMA, viaOpenAI())).toMatchObject({ state: 'done', value: { number: 'A-1', total: 3 } });
	});

	it('stores a provider failure as failed, keeping the schema text', async () => {
		await addText('inv', 'INVOICE');
		await queueGemini({ status: 500 });
		await addPdf('p', ['x']);
		const failed = await extractDocument(db, 'p', INVOICE_SCHEMA, viaGemini());
		expect(failed).toMatchObject({ state: 'failed', schemaText: INVOICE_SCHEMA });
		expect(failed.error).toBeTruthy();
	});
});
