// The edge provider against a small HTTP server that speaks the edge's contract:
// `GET /api/models` → `{ models }`, `POST /api/chat` → SSE ChatEvents or `{ error }` JSON.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedPort } from '../../../tests/fixtures/fakeHttp.ts';
import type { ChatEvent, ChatRequest, ModelInfo } from '../protocol/chat.ts';
import { encodeSseEvent } from '../protocol/sse.ts';
import { createEdgeProvider } from './edgeProxy.ts';
import { ProviderError } from './types.ts';

interface Seen {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	aborted: boolean;
	closed: Promise<void>;
}

const MODEL: ModelInfo = {
	id: 'openai/gpt-4o-mini',
	name: 'gpt-4o-mini · server',
	source: 'edge',
	capabilities: { streaming: true, vision: false, tools: false }
};

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let modelsAnswer: { status: number; body: unknown } = { status: 200, body: { models: [MODEL] } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	server = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		const entry: Seen = { path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined, aborted: false, closed: Promise.resolve() };
		entry.closed = new Promise((resolve) =>
			res.on('close', () => {
				if (!res.writableFinished) entry.aborted = true;
				resolve();
			})
		);
		seen.push(entry);

		if (req.url === '/api/models') {
			res.writeHead(modelsAnswer.status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(modelsAnswer.body));
			return;
		}
		const model = (entry.body as ChatRequest).model;
		const sse = (events: ChatEvent[]) => events.map(encodeSseEvent).join('');
		switch (model) {
			case 'edge/limited':
				res.writeHead(429, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { code: 'rate_limited', message: 'You have sent too many messages. Wait a minute.' } }));
				return;
			case 'edge/proxy-502':
				res.writeHead(502, { 'content-type': 'text/html' });
				res.end('<html><body>502 Bad Gateway</body></html>');
				return;
		}
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		if (model === 'edge/slow') {
			for (let i = 1; i <= 100 && !res.destroyed; i++) {
				res.write(sse([{ type: 'text', delta: `tick ${i}. ` }]));
				await sleep(100);
			}
			res.end();
		} else if (model === 'edge/cut') {
			res.end(sse([{ type: 'text', delta: 'Half a' }]));
		} else if (model === 'edge/upstream-failed') {
			res.end(sse([{ type: 'text', delta: 'Partial' }, { type: 'error', code: 'upstream_error', message: 'OpenAI (server) failed.' }, { type: 'finish', reason: 'error' }]));
		} else {
			// Frames split mid-way, as TCP may deliver them.
			const body = sse([{ type: 'text', delta: 'Hel' }, { type: 'text', delta: 'lo' }, { type: 'usage', inputTokens: 3, outputTokens: 2 }, { type: 'finish', reason: 'stop' }]);
			res.write(body.slice(0, 20));
			await sleep(5);
			res.end(body.slice(20));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
	seen = [];
	modelsAnswer = { status: 200, body: { models: [MODEL] } };
});

const ask = (model: string): ChatRequest => ({ model, messages: [{ role: 'user', content: 'Hi' }] });
async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
	const all: ChatEvent[] = [];
	for await (const event of events) all.push(event);
	return all;
}

describe('edge provider streaming', () => {
	it('relays the edge events in order and posts the request as JSON', async () => {
		const provider = createEdgeProvider({ baseUrl, headers: { authorization: 'Bearer session-1' } });
		const events = await collect(provider.stream(ask('openai/gpt-4o-mini'), new AbortController().signal));

		expect(events).toEqual([
			{ type: 'text', delta: 'Hel' },
			{ type: 'text', delta: 'lo' },
			{ type: 'usage', inputTokens: 3, outputTokens: 2 },
			{ type: 'finish', reason: 'stop' }
		]);
		expect(seen[0]).toMatchObject({ path: '/api/chat', body: ask('openai/gpt-4o-mini') });
		expect(seen[0]?.headers['authorization']).toBe('Bearer session-1');
		expect(seen[0]?.headers['content-type']).toBe('application/json');
	});

	it("shows the edge's own error message and code", async () => {
		const events = await collect(createEdgeProvider({ baseUrl }).stream(ask('edge/limited'), new AbortController().signal));
		expect(events).toEqual([
			{ type: 'error', code: 'rate_limited', message: 'You have sent too many messages. Wait a minute.' },
			{ type: 'finish', reason: 'error' }
		]);
	});

	it('maps a non-JSON error page from a proxy by its status', async () => {
		const events = await collect(createEdgeProvider({ baseUrl }).stream(ask('edge/proxy-502'), new AbortController().signal));
		expect(events[0]).toMatchObject({ type: 'error', code: 'upstream_error', message: expect.stringContaining('HTTP 502') as string });
		expect(events.at(-1)).toEqual({ type: 'finish', reason: 'error' });
	});

	it('passes an upstream failure through, partial text kept', async () => {
		const events = await collect(createEdgeProvider({ baseUrl }).stream(ask('edge/upstream-failed'), new AbortController().signal));
		expect(events).toEqual([
			{ type: 'text', delta: 'Partial' },
			{ type: 'error', code: 'upstream_error', message: 'OpenAI (server) failed.' },
			{ type: 'finish', reason: 'error' }
		]);
	});

	it('reports a stream that ends without its finish event, keeping the text', async () => {
		const events = await collect(createEdgeProvider({ baseUrl }).stream(ask('edge/cut'), new AbortController().signal));
		expect(events).toEqual([
			{ type: 'text', delta: 'Half a' },
			{ type: 'error', code: 'upstream_error', message: 'The Atrium server ended the reply before it was finished.' },
			{ type: 'finish', reason: 'error' }
		]);
	});

	it('stops on abort: ends with finish abort, and the edge sees the client hang up', async () => {
		const controller = new AbortController();
		const started = Date.now();
		const events: ChatEvent[] = [];
		for await (const event of createEdgeProvider({ baseUrl }).stream(ask('edge/slow'), controller.signal)) {
			events.push(event);
			if (event.type === 'text' && event.delta === 'tick 2. ') controller.abort();
		}
		await seen[0]?.closed;

		expect(Date.now() - started).toBeLessThan(3_000);
		expect(events).toEqual([
			{ type: 'text', delta: 'tick 1. ' },
			{ type: 'text', delta: 'tick 2. ' },
			{ type: 'finish', reason: 'abort' }
		]);
		expect(seen[0]?.aborted).toBe(true);
	});

	it('closes the connection when the consumer stops reading', async () => {
		for await (const event of createEdgeProvider({ baseUrl }).stream(ask('edge/slow'), new AbortController().signal)) {
			if (event.type === 'text') break;
		}
		await seen[0]?.closed;
		expect(seen[0]?.aborted).toBe(true);
	});

	it('names the address when the edge cannot be reached', async () => {
		const unreachable = `http://127.0.0.1:${await closedPort()}`;
		const events = await collect(createEdgeProvider({ baseUrl: unreachable }).stream(ask('x/y'), new AbortController().signal));
		expect(events).toEqual([
			{ type: 'error', code: 'network', message: `Could not reach ${unreachable}. Is the server running and the URL correct?` },
			{ type: 'finish', reason: 'error' }
		]);
	});
});

describe('edge provider model list', () => {
	it('returns the validated list from /api/models', async () => {
		expect(await createEdgeProvider({ baseUrl: `${baseUrl}/` }).listModels()).toEqual([MODEL]);
		expect(seen[0]?.path).toBe('/api/models');
	});

	it('rejects a list it does not understand instead of showing garbage', async () => {
		for (const body of [{ models: [{ id: 'x' }] }, { models: {} }, { list: [] }]) {
			modelsAnswer = { status: 200, body };
			await expect(createEdgeProvider({ baseUrl }).listModels()).rejects.toMatchObject({
				code: 'upstream_error',
				message: 'The Atrium server sent a model list this version of the app does not understand. Reload the page to update.'
			});
		}
	});

	it('returns the empty list of a server without model keys', async () => {
		modelsAnswer = { status: 200, body: { models: [] } };
		expect(await createEdgeProvider({ baseUrl }).listModels()).toEqual([]);
	});

	it("rejects with the edge's error", async () => {
		modelsAnswer = { status: 401, body: { error: { code: 'unauthorized', message: 'Sign in to use server models.' } } };
		const failure = await createEdgeProvider({ baseUrl }).listModels().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(ProviderError);
		expect(failure).toMatchObject({ code: 'unauthorized', message: 'Sign in to use server models.', status: 401 });
	});
});
