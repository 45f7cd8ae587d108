// The OpenAI provider against the fake OpenAI server over real HTTP, through the real SDK.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../../../tests/fixtures/fakeOpenAI.ts';
import { closedPort } from '../../../tests/fixtures/fakeHttp.ts';
import type { ChatEvent, ChatRequest } from '../protocol/chat.ts';
import { createOpenAIProvider } from './openai.ts';
import { ProviderError } from './types.ts';

const KEY = 'sk-test-1234567890';
let fake: FakeServer;

beforeAll(async () => {
	fake = await startFakeOpenAI({ apiKey: KEY, chunkDelayMs: 1, slowChunkDelayMs: 100 });
});
afterAll(() => fake.close());
beforeEach(() => {
	fake.requests.length = 0;
});

const provider = (apiKey = KEY) => createOpenAIProvider({ baseURL: fake.url, apiKey, label: 'Test AI' });
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
	model: 'gpt-4o-mini',
	messages: [{ role: 'user', content }],
	...extra
});

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
	const all: ChatEvent[] = [];
	for await (const event of events) all.push(event);
	return all;
}
const textOf = (events: ChatEvent[]) => events.map((e) => (e.type === 'text' ? e.delta : '')).join('');

describe('OpenAI provider streaming', () => {
	it('streams the reply in order, then usage, then finish stop', async () => {
		const events = await collect(provider().stream(ask('hello there world'), new AbortController().signal));

		expect(textOf(events)).toBe('Echo: hello there world');
		expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
		expect(events.slice(-2)).toEqual([
			{ type: 'usage', inputTokens: 5, outputTokens: 6 },
			{ type: 'finish', reason: 'stop' }
		]);
	});

	it('sends the conversation, temperature and output limit upstream, streaming with usage', async () => {
		await collect(
			provider().stream(
				{
					model: 'gpt-4o',
					messages: [
						{ role: 'system', content: 'Be brief.' },
						{ role: 'user', content: 'Hi' },
						{ role: 'assistant', content: 'Hello!' },
						{ role: 'user', content: 'Again' }
					],
					temperature: 0.2,
					maxTokens: 300
				},
				new AbortController().signal
			)
		);
		const [request] = fake.requests;
		expect(request?.headers['authorization']).toBe(`Bearer ${KEY}`);
		expect(request?.body).toMatchObject({
			model: 'gpt-4o',
			stream: true,
			stream_options: { include_usage: true },
			temperature: 0.2,
			max_tokens: 300,
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Hi' },
				{ role: 'assistant', content: 'Hello!' },
				{ role: 'user', content: 'Again' }
			]
		});
	});

	it('sends a user message with images as text and image_url parts (data URLs)', async () => {
		const images = [
			{ type: 'image' as const, mimeType: 'image/webp' as const, data: 'UklGRg==' },
			{ type: 'image' as const, mimeType: 'image/jpeg' as const, data: '/9j/4A==' }
		];
		const events = await collect(
			provider().stream(
				{ model: 'gpt-4o', messages: [{ role: 'assistant', content: 'Hi' }, { role: 'user', content: 'Compare them', images }] },
				new AbortController().signal
			)
		);
		expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
		expect(fake.requests[0]?.body).toMatchObject({
			messages: [
				{ role: 'assistant', content: 'Hi' },
				{
					role: 'user',
					content: [
						{ type: 'text', text: 'Compare them' },
						{ type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==' } },
						{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4A==' } }
					]
				}
			]
		});
	});

	it('passes text through verbatim, emoji and markup included', async () => {
		const reply = '<img src=x onerror=alert(1)> **bold** 👋🏽 ünïcödé';
		const encoded = Buffer.from(reply).toString('base64');
		const events = await collect(provider().stream(ask(`[[reply:${encoded}]]`), new AbortController().signal));
		expect(textOf(events)).toBe(reply);
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

	it('ends with finish abort and sends nothing when aborted before it starts', async () => {
		const controller = new AbortController();
		controller.abort();
		const events = await collect(provider().stream(ask('hi'), controller.signal));
		expect(events).toEqual([{ type: 'finish', reason: 'abort' }]);
		expect(fake.requests).toHaveLength(0);
	});

	it('closes the upstream request when the consumer stops reading', async () => {
		for await (const event of provider().stream(ask('[[slow]]'), new AbortController().signal)) {
			if (event.type === 'text') break;
		}
		await fake.settled();
		expect(fake.requests.at(-1)?.aborted).toBe(true);
	});

	it('keeps the partial text when the server fails mid-stream', async () => {
		const events = await collect(provider().stream(ask('one two three four [[midstream-error]]'), new AbortController().signal));
		expect(textOf(events)).toBe('Echo: one two ');
		expect(events.slice(-2)).toEqual([
			{
				type: 'error',
				code: 'upstream_error',
				message: expect.stringContaining('Test AI failed in the middle of the reply') as string
			},
			{ type: 'finish', reason: 'error' }
		]);
	});
});

describe('OpenAI provider failures', () => {
	async function failure(content: string, apiKey = KEY) {
		const events = await collect(provider(apiKey).stream(ask(content), new AbortController().signal));
		expect(events.at(-1)).toEqual({ type: 'finish', reason: 'error' });
		expect(events.filter((e) => e.type === 'text')).toHaveLength(0);
		const error = events.at(-2);
		if (error?.type !== 'error') throw new Error(`expected an error event, got ${JSON.stringify(events)}`);
		return error;
	}

	it('explains a rejected key', async () => {
		const error = await failure('hi', 'sk-wrong');
		expect(error).toEqual({
			type: 'error',
			code: 'unauthorized',
			message: 'The API key was rejected by Test AI. Check the key in Settings.'
		});
	});

	it('tells a used-up quota from a rate limit, with the wait', async () => {
		expect(await failure('[[error:429]]')).toMatchObject({
			code: 'quota_exceeded',
			message: expect.stringContaining('Test AI says the quota is used up') as string
		});
		expect(await failure('[[error:rate]]')).toMatchObject({
			code: 'rate_limited',
			message: 'Test AI is getting too many requests. Retry in 7 s.'
		});
	});

	it('reports a server error once, without retrying', async () => {
		expect(await failure('[[error:500]]')).toMatchObject({
			code: 'upstream_error',
			message: 'Test AI had a server error (HTTP 500). Try again in a moment.'
		});
		expect(fake.requests).toHaveLength(1);
	});

	it('explains a conversation too long for the model', async () => {
		expect(await failure('[[error:400]]')).toMatchObject({ code: 'too_large' });
	});

	it('names the URL when nothing listens there', async () => {
		const baseURL = `http://127.0.0.1:${await closedPort()}/v1`;
		const events = await collect(
			createOpenAIProvider({ baseURL, apiKey: KEY, label: 'Local' }).stream(ask('hi'), new AbortController().signal)
		);
		expect(events).toEqual([
			{ type: 'error', code: 'network', message: `Could not reach ${baseURL}. Is the server running and the URL correct?` },
			{ type: 'finish', reason: 'error' }
		]);
	});

	it('explains a malformed base URL instead of throwing', async () => {
		const events = await collect(
			createOpenAIProvider({ baseURL: 'localhost:11434', apiKey: '' }).stream(ask('hi'), new AbortController().signal)
		);
		expect(events[0]).toMatchObject({ type: 'error', code: 'invalid_request' });
		expect(events.at(-1)).toEqual({ type: 'finish', reason: 'error' });
	});
});

describe('OpenAI provider model list', () => {
	it('lists the chat models, sorted, without embedding or audio models', async () => {
		const models = await provider().listModels();
		expect(models.map((m) => m.id)).toEqual(['gpt-4o', 'gpt-4o-mini']);
		expect(models[0]).toEqual({
			id: 'gpt-4o',
			name: 'gpt-4o',
			source: 'openai',
			capabilities: { streaming: true, vision: true, tools: false }
		});
	});

	it('rejects with a ProviderError the UI can show', async () => {
		const failure = await provider('sk-wrong').listModels().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(ProviderError);
		expect(failure).toMatchObject({ code: 'unauthorized', status: 401 });
	});

	it('sends no Authorization header for a keyless local server', async () => {
		const keyless = await startFakeOpenAI();
		try {
			await createOpenAIProvider({ baseURL: keyless.url, apiKey: '' }).listModels();
			expect(keyless.requests[0]?.headers['authorization']).toBeUndefined();
		} finally {
			await keyless.close();
		}
	});
});
