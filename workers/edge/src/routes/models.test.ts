import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiErrorSchema, modelsResponseSchema } from '../../../../src/lib/protocol/chat.ts';
import { callEdge, upstreamRequests } from '../../test/edge.ts';
import { TEST_GEMINI_KEY, TEST_OPENAI_KEY } from '../../test/testKeys.ts';

/** A port nothing listens on: connections are refused at once. */
const DEAD_URL = 'http://127.0.0.1:9/v1';

async function listModels(overrides = {}) {
	const { response } = await callEdge('/api/models', {}, overrides);
	const text = await response.text();
	return { response, text };
}

afterEach(() => {
	vi.restoreAllMocks();
});

describe('GET /api/models', () => {
	it('lists the chat models of both upstreams under edge ids, saying they run on the server', async () => {
		const { response, text } = await listModels();
		expect(response.status).toBe(200);
		const { models } = modelsResponseSchema.parse(JSON.parse(text));
		const ids = models.map((model) => model.id);
		expect(ids).toEqual(expect.arrayContaining(['openai/gpt-4o-mini', 'openai/gpt-4o', 'gemini/gemini-2.5-flash', 'gemini/gemini-2.5-pro']));
		// The providers drop what cannot chat (embeddings, speech, images).
		expect(ids.some((id) => /embedding|whisper|imagen/.test(id))).toBe(false);
		for (const model of models) {
			expect(model.source).toBe('edge');
			expect(model.name).toMatch(/ · server$/);
		}
		expect(models.find((model) => model.id === 'openai/gpt-4o-mini')?.name).toBe('gpt-4o-mini · server');
		expect(text).not.toContain(TEST_OPENAI_KEY);
		expect(text).not.toContain(TEST_GEMINI_KEY);
	});

	it('still lists OpenAI models when Gemini is down, and logs the failure without the key', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const { response, text } = await listModels({ GEMINI_BASE_URL: 'http://127.0.0.1:9' });
		expect(response.status).toBe(200);
		const ids = modelsResponseSchema.parse(JSON.parse(text)).models.map((model) => model.id);
		expect(ids).toContain('openai/gpt-4o-mini');
		expect(ids.some((id) => id.startsWith('gemini/'))).toBe(false);
		const logged = warn.mock.calls.flat().join(' ');
		expect(logged).toContain('Gemini (server)');
		expect(logged).not.toContain(TEST_GEMINI_KEY);
	});

	it('still lists Gemini models when the OpenAI server is down', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		const { response, text } = await listModels({ OPENAI_BASE_URL: DEAD_URL });
		expect(response.status).toBe(200);
		const ids = modelsResponseSchema.parse(JSON.parse(text)).models.map((model) => model.id);
		expect(ids).toContain('gemini/gemini-2.5-flash');
		expect(ids.some((id) => id.startsWith('openai/'))).toBe(false);
	});

	it('answers 502 when every configured upstream is down', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		const { response, text } = await listModels({ OPENAI_BASE_URL: DEAD_URL, GEMINI_BASE_URL: 'http://127.0.0.1:9' });
		expect(response.status).toBe(502);
		const body = apiErrorSchema.parse(JSON.parse(text));
		expect(body.error.code).toBe('upstream_error');
		expect(body.error.message).toMatch(/OpenAI \(server\) and Gemini \(server\)/);
	});

	it('lists only the upstreams that have a key', async () => {
		const { text } = await listModels({ GEMINI_API_KEY: '' });
		const ids = modelsResponseSchema.parse(JSON.parse(text)).models.map((model) => model.id);
		expect(ids.length).toBeGreaterThan(0);
		expect(ids.every((id) => id.startsWith('openai/'))).toBe(true);
		const none = await listModels({ GEMINI_API_KEY: '', OPENAI_API_KEY: '' });
		expect(JSON.parse(none.text)).toEqual({ models: [] });
	});

	it('caches each upstream list, so repeated calls do not reach the upstream', async () => {
		// A host spelling no other test uses gives this test its own cold cache entry.
		const localhostUrl = env.OPENAI_BASE_URL.replace('127.0.0.1', 'localhost');
		const fromThisTest = async () =>
			(await upstreamRequests(env.OPENAI_BASE_URL)).filter(
				(request) => request.path === '/v1/models' && request.headers['host']?.startsWith('localhost')
			).length;
		const before = await fromThisTest();
		for (let i = 0; i < 3; i++) {
			const { response } = await listModels({ OPENAI_BASE_URL: localhostUrl });
			expect(response.status).toBe(200);
		}
		expect((await fromThisTest()) - before).toBe(1);
	});
});
