// Structured output through the edge (decision 0024): `responseFormat` is validated, then
// reaches OpenAI as `response_format` and Gemini as `responseJsonSchema`, and the fakes answer
// with JSON that follows the schema.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/lib/protocol/chat.ts';
import { callEdge, chatInit, readEvents, textOf, upstreamRequests } from '../../test/edge.ts';

const schema = { type: 'object', properties: { category: { type: 'string', enum: ['invoice', 'letter'] } }, required: ['category'] };

function structured(model: string, text: string, name = 'document_category'): ChatRequest {
	return { model, messages: [{ role: 'user', content: text }], responseFormat: { type: 'json_schema', name, schema } };
}

describe('POST /api/chat with responseFormat', () => {
	it('asks OpenAI for json_schema output and streams the JSON back', async () => {
		const marker = `structured-${crypto.randomUUID()}`;
		const call = await callEdge('/api/chat', chatInit(structured('openai/gpt-4o-mini', `${marker}: Dear Ada, a letter`)));
		expect(JSON.parse(textOf(await readEvents(call.response)))).toEqual({ category: 'letter' });
		await call.settled();
		const sent = (await upstreamRequests(env.OPENAI_BASE_URL)).find((r) => JSON.stringify(r.body ?? null).includes(marker));
		expect(sent?.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'document_category', schema, strict: false } } });
	});

	it('asks Gemini with responseJsonSchema and the JSON mime type', async () => {
		const marker = `structured-${crypto.randomUUID()}`;
		const call = await callEdge('/api/chat', chatInit(structured('gemini/gemini-2.5-flash', `${marker}: INVOICE 7`)));
		expect(JSON.parse(textOf(await readEvents(call.response)))).toEqual({ category: 'invoice' });
		await call.settled();
		const sent = (await upstreamRequests(env.GEMINI_BASE_URL)).find((r) => JSON.stringify(r.body ?? null).includes(marker));
		expect(sent?.body).toMatchObject({ generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema } });
	});

	it('refuses a response format the providers would reject, before any upstream call', async () => {
		const call = await callEdge('/api/chat', chatInit(structured('openai/gpt-4o-mini', 'hello', 'not a valid name!')));
		expect(call.response.status).toBe(400);
		const body = await call.response.json<{ error: { code: string; message: string } }>();
		expect(body.error.code).toBe('invalid_request');
		expect(body.error.message).toMatch(/responseFormat/);
		await call.settled();
	});
});
