// The upstream call must stop when the client goes away: proven on the fake upstreams,
// which record whether each request was cut off before its response ended.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { callEdge, chatInit, eventually, upstreamRequests, userMessage } from '../../test/edge.ts';

async function upstreamRequestFor(baseUrl: string, marker: string) {
	return eventually(async () =>
		(await upstreamRequests(baseUrl)).find((request) => JSON.stringify(request.body ?? null).includes(marker))
	);
}

async function waitUntilAborted(baseUrl: string, marker: string) {
	return eventually(async () => {
		const request = await upstreamRequestFor(baseUrl, marker);
		return request.aborted ? request : undefined;
	});
}

/** Reads until the first text delta has arrived, proving the reply was streaming. */
async function readUntilText(body: ReadableStream<Uint8Array> | null): Promise<ReadableStreamDefaultReader<Uint8Array>> {
	if (!body) throw new Error('response has no body');
	const reader = body.getReader();
	const decoder = new TextDecoder();
	let received = '';
	while (!received.includes('"type":"text"')) {
		const { value, done } = await reader.read();
		if (done) throw new Error(`stream ended before any text: ${received}`);
		received += decoder.decode(value, { stream: true });
	}
	return reader;
}

describe.each([
	{ upstream: 'OpenAI', model: 'openai/gpt-4o-mini', baseUrl: () => env.OPENAI_BASE_URL },
	{ upstream: 'Gemini', model: 'gemini/gemini-2.5-flash', baseUrl: () => env.GEMINI_BASE_URL }
])('client goes away ($upstream)', ({ model, baseUrl }) => {
	it('cancelling the response body mid-stream aborts the upstream request and records an abort', async () => {
		const marker = `abort-${crypto.randomUUID()}`;
		const call = await callEdge('/api/chat', chatInit(userMessage(model, `${marker} [[slow]]`)));
		expect(call.response.status).toBe(200);
		const reader = await readUntilText(call.response.body);
		await reader.cancel();

		const request = await waitUntilAborted(baseUrl(), marker);
		expect(request.aborted).toBe(true);
		await call.settled();
		const row = await env.DB.prepare('SELECT status FROM usage WHERE model = ? ORDER BY id DESC LIMIT 1')
			.bind(model)
			.first<{ status: string }>();
		expect(row?.status).toBe('abort');
	});

	it('a client that leaves before the first token aborts the upstream request (request.signal)', async () => {
		const marker = `leave-early-${crypto.randomUUID()}`;
		const client = new AbortController();
		const pending = exports.default.fetch('https://edge.test/api/chat', {
			...chatInit(userMessage(model, `${marker} [[hang]]`)),
			signal: client.signal
		});
		await upstreamRequestFor(baseUrl(), marker);
		client.abort();
		await expect(pending).rejects.toThrow(/abort/i);
		const request = await waitUntilAborted(baseUrl(), marker);
		expect(request.aborted).toBe(true);
	});
});

describe('client goes away on the real request path', () => {
	it('cancelling the body of a response from the running Worker aborts the upstream request', async () => {
		const marker = `abort-live-${crypto.randomUUID()}`;
		const response = await exports.default.fetch(
			'https://edge.test/api/chat',
			chatInit(userMessage('openai/gpt-4o-mini', `${marker} [[slow]]`))
		);
		expect(response.status).toBe(200);
		const reader = await readUntilText(response.body);
		await reader.cancel();
		const request = await waitUntilAborted(env.OPENAI_BASE_URL, marker);
		expect(request.aborted).toBe(true);
	});
});
