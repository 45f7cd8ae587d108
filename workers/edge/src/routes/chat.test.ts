import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { callEdge, chatInit, readEvents, textOf, upstreamRequests, userMessage } from '../../test/edge.ts';
import { TEST_GEMINI_KEY, TEST_OPENAI_KEY } from '../../test/testKeys.ts';

interface UsageRecord {
	day: string;
	model: string;
	input_tokens: number;
	output_tokens: number;
	status: string;
}

async function lastUsageId(): Promise<number> {
	const row = await env.DB.prepare('SELECT MAX(id) AS id FROM usage').first<{ id: number | null }>();
	return row?.id ?? 0;
}

async function usageSince(id: number): Promise<UsageRecord[]> {
	const { results } = await env.DB.prepare('SELECT * FROM usage WHERE id > ? ORDER BY id').bind(id).all<UsageRecord>();
	return results;
}

describe.each([
	{ upstream: 'OpenAI', model: 'openai/gpt-4o-mini', baseUrl: () => env.OPENAI_BASE_URL },
	{ upstream: 'Gemini', model: 'gemini/gemini-2.5-flash', baseUrl: () => env.GEMINI_BASE_URL }
])('POST /api/chat through $upstream', ({ model, baseUrl }) => {
	it('streams the reply as SSE, in order, ending with usage and finish, and records the usage', async () => {
		const since = await lastUsageId();
		const call = await callEdge('/api/chat', chatInit(userMessage(model, 'hello from the edge test')));
		expect(call.response.status).toBe(200);
		expect(call.response.headers.get('Content-Type')).toBe('text/event-stream; charset=utf-8');

		const events = await readEvents(call.response);
		expect(textOf(events)).toBe('Echo: hello from the edge test');
		expect(events.filter((event) => event.type === 'text').length).toBeGreaterThan(1);
		expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
		expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
		const usage = events.find((event) => event.type === 'usage');
		expect(usage).toMatchObject({ type: 'usage', inputTokens: expect.any(Number), outputTokens: expect.any(Number) });

		await call.settled();
		const rows = await usageSince(since);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			day: new Date().toISOString().slice(0, 10),
			model,
			status: 'stop',
			input_tokens: usage?.type === 'usage' ? usage.inputTokens : -1,
			output_tokens: usage?.type === 'usage' ? usage.outputTokens : -1
		});
		expect(rows[0]?.output_tokens).toBeGreaterThan(0);
	});

	it('passes a mid-stream upstream failure on as an error event then finish, keeping the text so far', async () => {
		const since = await lastUsageId();
		const call = await callEdge('/api/chat', chatInit(userMessage(model, 'a b c d e f g h [[midstream-error]]')));
		expect(call.response.status).toBe(200);
		const events = await readEvents(call.response);
		expect(textOf(events)).toMatch(/^Echo: a b/);
		const tail = events.slice(-2);
		expect(tail[0]).toMatchObject({ type: 'error' });
		expect(tail[1]).toEqual({ type: 'finish', reason: 'error' });
		await call.settled();
		expect((await usageSince(since)).map((row) => row.status)).toEqual(['error']);
	});

	it('calls the upstream with the server key and the upstream model id, and never echoes the key', async () => {
		const marker = `wire-check-${crypto.randomUUID()}`;
		const call = await callEdge('/api/chat', chatInit(userMessage(model, marker)));
		const text = await call.response.text();
		await call.settled();
		expect(text).not.toContain(TEST_OPENAI_KEY);
		expect(text).not.toContain(TEST_GEMINI_KEY);

		const sent = (await upstreamRequests(baseUrl())).find((request) => JSON.stringify(request.body ?? null).includes(marker));
		const upstreamModel = model.slice(model.indexOf('/') + 1);
		if (model.startsWith('openai/')) {
			expect(sent?.headers['authorization']).toBe(`Bearer ${TEST_OPENAI_KEY}`);
			expect(sent?.body).toMatchObject({ model: upstreamModel, stream: true });
		} else {
			expect(sent?.headers['x-goog-api-key']).toBe(TEST_GEMINI_KEY);
			expect(sent?.path).toContain(`/models/${upstreamModel}:streamGenerateContent`);
		}
	});
});

describe('POST /api/chat', () => {
	it('delivers the upstream text exactly: non-ASCII, emoji, quotes, backslashes, newlines', async () => {
		const reply = 'Grüße 👋 — "quoted" \\ and\nnew line';
		const encoded = btoa(String.fromCharCode(...new TextEncoder().encode(reply)));
		const call = await callEdge('/api/chat', chatInit(userMessage('openai/gpt-4o-mini', `[[reply:${encoded}]]`)));
		expect(textOf(await readEvents(call.response))).toBe(reply);
		await call.settled();
	});
});
