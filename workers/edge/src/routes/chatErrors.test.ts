// Every way POST /api/chat can refuse or fail before streaming, each as a JSON error body.
import { describe, expect, it } from 'vitest';
import { apiErrorSchema, MAX_CHAT_BODY_BYTES } from '../../../../src/lib/protocol/chat.ts';
import { callEdge, chatInit, clientIp, userMessage } from '../../test/edge.ts';
import { TEST_GEMINI_KEY, TEST_OPENAI_KEY } from '../../test/testKeys.ts';
import type { EdgeEnv } from '../env.ts';

async function chatError(init: RequestInit, overrides: Partial<EdgeEnv> = {}) {
	const call = await callEdge('/api/chat', init, overrides);
	const text = await call.response.text();
	await call.settled();
	expect(call.response.headers.get('Content-Type')).toMatch(/^application\/json/);
	expect(text).not.toContain(TEST_OPENAI_KEY);
	expect(text).not.toContain(TEST_GEMINI_KEY);
	return { status: call.response.status, headers: call.response.headers, ...apiErrorSchema.parse(JSON.parse(text)).error };
}

describe('POST /api/chat input errors', () => {
	it('400 when the body is not JSON', async () => {
		expect(await chatError(chatInit('{"model": '))).toMatchObject({
			status: 400,
			code: 'invalid_request',
			message: 'The request body is not valid JSON.'
		});
	});

	it('400 naming the missing field', async () => {
		const error = await chatError(chatInit(JSON.stringify({ model: 'openai/gpt-4o-mini' })));
		expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
		expect(error.message).toMatch(/^Invalid messages: /);
	});

	it('400 naming the nested field that is wrong', async () => {
		const body = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'robot', content: 'hi' }] });
		const error = await chatError(chatInit(body));
		expect(error.status).toBe(400);
		expect(error.message).toMatch(/^Invalid messages\.0\.role: /);
	});

	it('400 for an out-of-range option, naming it', async () => {
		const error = await chatError(chatInit({ ...userMessage('openai/gpt-4o-mini', 'hi'), temperature: 7 }));
		expect(error.status).toBe(400);
		expect(error.message).toMatch(/^Invalid temperature: /);
	});

	it('413 when Content-Length declares more than the limit', async () => {
		const body = JSON.stringify(userMessage('openai/gpt-4o-mini', 'x'.repeat(MAX_CHAT_BODY_BYTES)));
		expect(await chatError(chatInit(body))).toMatchObject({
			status: 413,
			code: 'too_large',
			message: `The request body is larger than the ${MAX_CHAT_BODY_BYTES}-byte limit.`
		});
	});

	it('413 when a body without Content-Length turns out larger than the limit', async () => {
		const piece = new TextEncoder().encode('x'.repeat(64 * 1024));
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent > MAX_CHAT_BODY_BYTES * 2) return controller.close();
				sent += piece.byteLength;
				controller.enqueue(piece);
			}
		});
		const init = { method: 'POST', headers: { 'CF-Connecting-IP': clientIp() }, body: stream };
		expect(new Request('https://edge.test/', init).headers.get('Content-Length')).toBeNull();
		expect(await chatError(init)).toMatchObject({ status: 413, code: 'too_large' });
		// The edge stopped reading soon after the limit instead of buffering everything.
		expect(sent).toBeLessThan(MAX_CHAT_BODY_BYTES * 2);
	});

	it('404 for a model under an unknown prefix', async () => {
		expect(await chatError(chatInit(userMessage('mistral/large', 'hi')))).toMatchObject({
			status: 404,
			code: 'not_found',
			message: 'Unknown model "mistral/large": GET /api/models lists the models this server offers.'
		});
	});

	it('404 for a model the upstream does not list', async () => {
		expect(await chatError(chatInit(userMessage('openai/gpt-nonexistent', 'hi')))).toMatchObject({
			status: 404,
			code: 'not_found'
		});
	});

	it('404 for a configured-looking model whose upstream has no key here', async () => {
		const error = await chatError(chatInit(userMessage('gemini/gemini-2.5-flash', 'hi')), { GEMINI_API_KEY: '' });
		expect(error).toMatchObject({ status: 404, code: 'not_found' });
	});
});

describe.each([
	{ upstream: 'OpenAI', model: 'openai/gpt-4o-mini', label: 'OpenAI (server)' },
	{ upstream: 'Gemini', model: 'gemini/gemini-2.5-flash', label: 'Gemini (server)' }
])('POST /api/chat upstream failures before streaming ($upstream)', ({ model, label }) => {
	it("429 when the upstream rate-limits, passing on the provider's wait in Retry-After and in words", async () => {
		const error = await chatError(chatInit(userMessage(model, '[[error:rate]]')));
		expect(error.status).toBe(429);
		expect(error.code).toBe('rate_limited');
		// The fake upstream asks for 7 s (OpenAI: retry-after header; Gemini: RetryInfo).
		expect(error.headers.get('Retry-After')).toBe('7');
		expect(error.message).toContain(`${label} is getting too many requests. Retry in 7 s (after `);
		const after = Date.parse(/\(after (.+)\)/.exec(error.message)?.[1] ?? '');
		expect(after - Date.now()).toBeGreaterThan(0);
		expect(after - Date.now()).toBeLessThanOrEqual(7_000);
	});

	it("429 when the upstream quota is used up, with the provider's wait", async () => {
		const error = await chatError(chatInit(userMessage(model, '[[error:429]]')));
		expect(error.status).toBe(429);
		expect(['rate_limited', 'quota_exceeded']).toContain(error.code);
		expect(error.headers.get('Retry-After')).toBe('20');
		expect(error.message).toContain('Retry in 20 s (after ');
	});

	it('502 when the upstream fails with a server error', async () => {
		const error = await chatError(chatInit(userMessage(model, '[[error:500]]')));
		expect(error).toMatchObject({ status: 502, code: 'upstream_error' });
		expect(error.message).toContain(label);
	});

	it('502 when the upstream cannot be reached', async () => {
		const dead = model.startsWith('openai/') ? { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } : { GEMINI_BASE_URL: 'http://127.0.0.1:9' };
		const error = await chatError(chatInit(userMessage(model, 'hi')), dead);
		expect(error).toMatchObject({ status: 502, code: 'upstream_error' });
	});

	it("502, without the key, when the upstream rejects the server's key", async () => {
		const wrongKey = model.startsWith('openai/')
			? { OPENAI_API_KEY: 'sk-wrong-key-0123456789abcdef' }
			: { GEMINI_API_KEY: 'AIza-wrong-key-0123456789abcdef' };
		const error = await chatError(chatInit(userMessage(model, 'hi')), wrongKey);
		expect(error).toMatchObject({ status: 502, code: 'upstream_error', message: `${label} rejected the server's credentials.` });
		expect(error.message).not.toContain('wrong-key');
	});
});
