// The Gemini provider against the fake Gemini server over real HTTP, through the real SDK.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGemini, type FakeServer } from '../../../tests/fixtures/fakeGemini.ts';
import { closedPort } from '../../../tests/fixtures/fakeHttp.ts';
import type { ChatEvent, ChatRequest } from '../protocol/chat.ts';
import { createGeminiProvider, toContents } from './gemini.ts';
import { ProviderError } from './types.ts';

const KEY = 'gemini-test-key';
let fake: FakeServer;

beforeAll(async () => {
	// A small page size makes the model list span pages, as Google's does for real.
	fake = await startFakeGemini({ apiKey: KEY, chunkDelayMs: 1, slowChunkDelayMs: 100, modelsPageSize: 2 });
});
afterAll(() => fake.close());
beforeEach(() => {
	fake.requests.length = 0;
});

const provider = (apiKey = KEY) => createGeminiProvider({ apiKey, baseUrl: fake.url, label: 'Gem' });
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
	model: 'gemini-2.5-flash',
	messages: [{ role: 'user', content }],
	...extra
});

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
	const all: ChatEvent[] = [];
	for await (const event of events) all.push(event);
	return all;
}
const textOf = (events: ChatEvent[]) => events.map((e) => (e.type === 'text' ? e.delta : '')).join('');

describe('Gemini provider streaming', () => {
	it('streams the reply in order, then usage, then finish stop', async () => {
		const events = await collect(provider().stream(ask('hello there world'), new AbortController().signal));

		expect(textOf(events)).toBe('Echo: hello there world');
		expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
		expect(events.slice(-2)).toEqual([
			{ type: 'usage', inputTokens: 5, outputTokens: 6 },
			{ type: 'finish', reason: 'stop' }
		]);
	});

	it('sends system messages as the system instruction and assistant turns as "model"', async () => {
		await collect(
			provider().stream(
				{
					model: 'gemini-2.5-pro',
					messages: [
						{ role: 'system', content: 'Be brief.' },
						{ role: 'user', content: 'Hi' },
						{ role: 'assistant', content: 'Hello!' },
						{ role: 'user', content: 'Again' }
					],
					temperature: 0.4,
					maxTokens: 300
				},
				new AbortController().signal
			)
		);
		const [request] = fake.requests;
		expect(request?.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent');
		expect(request?.query).toEqual({ alt: 'sse' });
		expect(request?.headers['x-goog-api-key']).toBe(KEY);
		expect(request?.body).toMatchObject({
			contents: [
				{ role: 'user', parts: [{ text: 'Hi' }] },
				{ role: 'model', parts: [{ text: 'Hello!' }] },
				{ role: 'user', parts: [{ text: 'Again' }] }
			],
			systemInstruction: { parts: [{ text: 'Be brief.' }] },
			generationConfig: { temperature: 0.4, maxOutputTokens: 300 }
		});
	});

	it('reports a reply cut by the output limit as finish length', async () => {
		const events = await collect(provider().stream(ask('[[long:2000]]', { maxTokens: 50 }), new AbortController().signal));
		expect(textOf(events).length).toBeLessThanOrEqual(200);
		expect(events.at(-1)).toEqual({ type: 'finish', reason: 'length' });
	});

	it('stops on abort: ends with finish abort, and the server sees the client hang up', async () => {
		const controller = new AbortController();
		const started = Date.now();
		const events: ChatEvent[] = [];
		for await (const event of provider().stream(ask('[[slow]]'), controller.signal)) {
			events.push(event);
			if (event.type === 'text' && event.delta.startsWith('tick 2')) controller.abort();
		}
		await fake.settled();

		expect(Date.now() - started).toBeLessThan(3_000); // the full slow reply takes 10 s
		expect(textOf(events)).toBe('tick 1. tick 2. ');
		expect(events.at(-1)).toEqual({ type: 'finish', reason: 'abort' });
		expect(events.some((e) => e.type === 'error')).toBe(false);
		expect(fake.requests.at(-1)?.aborted).toBe(true);
	});

	it('keeps the partial text when the server fails mid-stream', async () => {
		const events = await collect(provider().stream(ask('one two three four [[midstream-error]]'), new AbortController().signal));
		expect(textOf(events)).toBe('Echo: one two ');
		expect(events.slice(-2)).toEqual([
			{
				type: 'error',
				code: 'upstream_error',
				message: expect.stringContaining('Gem failed in the middle of the reply') as string
			},
			{ type: 'finish', reason: 'error' }
		]);
	});
});

describe('Gemini provider failures', () => {
	async function failure(content: string, apiKey = KEY) {
		const events = await collect(provider(apiKey).stream(ask(content), new AbortController().signal));
		expect(events.at(-1)).toEqual({ type: 'finish', reason: 'error' });
		expect(events.filter((e) => e.type === 'text')).toHaveLength(0);
		const error = events.at(-2);
		if (error?.type !== 'error') throw new Error(`expected an error event, got ${JSON.stringify(events)}`);
		return error;
	}

	it('explains a rejected key (Gemini answers 400 API_KEY_INVALID)', async () => {
		expect(await failure('hi', 'wrong-key')).toEqual({
			type: 'error',
			code: 'unauthorized',
			message: 'The API key was rejected by Gem. Check the key in Settings.'
		});
	});

	it('tells a used-up daily quota from a per-minute limit, with the wait', async () => {
		expect(await failure('[[error:429]]')).toMatchObject({
			code: 'quota_exceeded',
			message: expect.stringContaining('Gem says the quota is used up') as string
		});
		expect(await failure('[[error:rate]]')).toMatchObject({
			code: 'rate_limited',
			message: 'Gem is getting too many requests. Retry in 7 s.'
		});
	});

	it('reports a server error once, without retrying', async () => {
		expect(await failure('[[error:500]]')).toMatchObject({
			code: 'upstream_error',
			message: 'Gem had a server error (HTTP 500). Try again in a moment.'
		});
		expect(fake.requests).toHaveLength(1);
	});

	it('names the URL when nothing listens there', async () => {
		const baseUrl = `http://127.0.0.1:${await closedPort()}`;
		const events = await collect(
			createGeminiProvider({ apiKey: KEY, baseUrl, label: 'Gem' }).stream(ask('hi'), new AbortController().signal)
		);
		expect(events).toEqual([
			{ type: 'error', code: 'network', message: `Could not reach ${baseUrl}. Is the server running and the URL correct?` },
			{ type: 'finish', reason: 'error' }
		]);
	});
});

describe('Gemini provider model list', () => {
	it('lists every page, keeping only models that can generate content', async () => {
		const models = await provider().listModels();
		expect(models.map((m) => m.id)).toEqual(['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.0-flash-lite']);
		expect(models[0]).toEqual({
			id: 'gemini-2.5-flash',
			name: 'Gemini 2.5 Flash',
			source: 'gemini',
			capabilities: { streaming: true, vision: true, tools: false },
			contextWindow: 1_048_576
		});
		expect(fake.requests.length).toBeGreaterThan(1);
	});

	it('accepts a base URL that already ends in the API version', async () => {
		const models = await createGeminiProvider({ apiKey: KEY, baseUrl: `${fake.url}/v1beta/` }).listModels();
		expect(models).toHaveLength(3);
		expect(fake.requests[0]?.path).toBe('/v1beta/models');
	});

	it('rejects with a ProviderError the UI can show', async () => {
		const failure = await provider('wrong-key').listModels().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(ProviderError);
		expect(failure).toMatchObject({ code: 'unauthorized' });
	});
});

describe('toContents', () => {
	it('merges consecutive turns of one role, since Gemini wants them alternating', () => {
		expect(
			toContents([
				{ role: 'system', content: 'A' },
				{ role: 'user', content: 'one' },
				{ role: 'user', content: 'two' },
				{ role: 'system', content: 'B' }
			])
		).toEqual({ contents: [{ role: 'user', parts: [{ text: 'one' }, { text: 'two' }] }], systemInstruction: 'A\n\nB' });
	});

	it('sends images as inline data after the text, several in one question', () => {
		const images = [
			{ type: 'image' as const, mimeType: 'image/webp' as const, data: 'UklGRg==' },
			{ type: 'image' as const, mimeType: 'image/png' as const, data: 'iVBORw==' }
		];
		expect(toContents([{ role: 'user', content: 'Which is brighter?', images }]).contents).toEqual([
			{
				role: 'user',
				parts: [
					{ text: 'Which is brighter?' },
					{ inlineData: { mimeType: 'image/webp', data: 'UklGRg==' } },
					{ inlineData: { mimeType: 'image/png', data: 'iVBORw==' } }
				]
			}
		]);
	});
});
