// The offline send queue below the UI: a real ChatSession with the OpenAI provider talking
// HTTP to the fake OpenAI server, a fresh Dexie database per test, and the browser's
// online flag played by a variable. What is checked is what the user sees: what waits,
// what was sent, in which order, and where it landed in the tree.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../../../../tests/fixtures/fakeOpenAI.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { createOpenAIProvider } from '../../providers/openai.ts';
import type { ResolvedModel } from '../../providers/registry.ts';
import { ChatSession } from '../chat/chatSession.svelte.ts';
import { QueueDelivery } from './queueDelivery.ts';
import { allQueued, cancelQueued, queuedFor } from './sendQueue.ts';

const KEY = 'sk-test-send-queue';
const MODEL = 'fake::gpt-4o-mini';
/** A model whose server cannot be reached (nothing listens on port 9). */
const DOWN = 'down::gpt-4o-mini';
let fake: FakeServer;
let db: AtriumDatabase;
let online: boolean;

beforeAll(async () => {
	fake = await startFakeOpenAI({ apiKey: KEY, chunkDelayMs: 1 });
});
afterAll(() => fake.close());
beforeEach(() => {
	fake.requests.length = 0;
	online = false;
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await fake.settled();
	await db.delete();
});

/** One conversation's session wired to a queue, as the workspace does it. */
function setup(): { chat: ChatSession; queue: QueueDelivery } {
	const providers: Record<string, ResolvedModel> = {
		[MODEL]: { provider: createOpenAIProvider({ baseURL: fake.url, apiKey: KEY, label: 'Test AI' }), modelId: 'gpt-4o-mini' },
		[DOWN]: { provider: createOpenAIProvider({ baseURL: 'http://127.0.0.1:9/v1', apiKey: KEY, label: 'Down AI' }), modelId: 'gpt-4o-mini' }
	};
	const queue: QueueDelivery = new QueueDelivery({
		db,
		deliver: (queued) => chat.sendQueued(queued),
		needsNetwork: () => true,
		online: () => online
	});
	const chat = new ChatSession({ db, queue: queue.hook, resolveModel: (key) => providers[key] ?? null });
	return { chat, queue };
}

const replyRequests = () =>
	fake.requests.filter((r) => r.path === '/v1/chat/completions' && (r.body as { max_tokens?: number }).max_tokens === undefined);
const lastUserText = (index: number) => {
	const body = replyRequests()[index]?.body as { messages: { role: string; content: string }[] } | undefined;
	return body?.messages.filter((m) => m.role === 'user').map((m) => m.content);
};
const pathText = (chat: ChatSession) => chat.path.map((n) => `${n.role}:${n.content}`);

describe('offline send queue', () => {
	it('keeps a message sent offline without storing or sending it, then sends it when back online', async () => {
		const { chat, queue } = setup();
		await chat.send('Written on the plane', MODEL);
		expect(chat.streaming).toBe(false);
		expect(await db.messages.count()).toBe(0);
		const [queued] = await queuedFor(db, chat.conversation!.id);
		expect(queued).toMatchObject({ content: 'Written on the plane', model: MODEL, parentId: null });
		expect(fake.requests).toHaveLength(0);

		expect(await queue.flush()).toBe(false);
		expect(fake.requests).toHaveLength(0);

		online = true;
		expect(await queue.flush()).toBe(true);
		expect(pathText(chat)).toEqual(['user:Written on the plane', 'assistant:Echo: Written on the plane']);
		expect(chat.path[0]!.id).toBe(queued!.id);
		expect(chat.path[1]!.id).toBe(queued!.replyId);
		expect(await allQueued(db)).toEqual([]);
	});

	it('sends two queued messages in order, as one thread rather than two branches', async () => {
		const { chat, queue } = setup();
		online = true;
		await chat.send('Before the flight', MODEL);
		await chat.replyDone;
		online = false;
		await chat.send('First in the air', MODEL);
		await chat.send('Second in the air', MODEL);
		expect((await queuedFor(db, chat.conversation!.id)).map((q) => q.content)).toEqual(['First in the air', 'Second in the air']);

		online = true;
		expect(await queue.flush()).toBe(true);
		expect(pathText(chat)).toEqual([
			'user:Before the flight',
			'assistant:Echo: Before the flight',
			'user:First in the air',
			'assistant:Echo: First in the air',
			'user:Second in the air',
			'assistant:Echo: Second in the air'
		]);
		// The second request carries the first exchange: it was answered in order.
		expect(lastUserText(2)).toEqual(['Before the flight', 'First in the air', 'Second in the air']);
		expect([...chat.tree.children.values()].every((siblings) => siblings.length === 1)).toBe(true);
	});

	it('a cancelled message is never sent, and the one after it takes its place', async () => {
		const { chat, queue } = setup();
		await chat.send('Never mind this one', MODEL);
		await chat.send('Keep this one', MODEL);
		const [first] = await queuedFor(db, chat.conversation!.id);
		await cancelQueued(db, first!.id);
		const [kept] = await queuedFor(db, chat.conversation!.id);
		expect(kept).toMatchObject({ content: 'Keep this one', parentId: null });

		online = true;
		await queue.flush();
		expect(pathText(chat)).toEqual(['user:Keep this one', 'assistant:Echo: Keep this one']);
		expect(replyRequests()).toHaveLength(1);
	});

	it('online, a message sent while others still wait goes out after them', async () => {
		const { chat, queue } = setup();
		await chat.send('Queued first', MODEL);
		online = true;
		await chat.send('Typed once back online', MODEL);
		await queue.flush();
		expect(pathText(chat).filter((line) => line.startsWith('user:'))).toEqual(['user:Queued first', 'user:Typed once back online']);
		expect(await allQueued(db)).toEqual([]);
	});

	it('stops when the network fails again, keeping the rest queued for the next chance', async () => {
		const { chat, queue } = setup();
		await chat.send('To the unreachable server', DOWN);
		await chat.send('Waits behind it', DOWN);
		online = true;
		expect(await queue.flush()).toBe(false);
		const reply = chat.path.at(-1)!;
		expect(reply).toMatchObject({ role: 'assistant', status: 'error' });
		expect(reply.error?.code).toBe('network');
		expect((await allQueued(db)).map((q) => q.content)).toEqual(['Waits behind it']);
	});

	it('a message cancelled while its turn comes is not sent', async () => {
		const { chat } = setup();
		await chat.send('Cancelled at the last moment', MODEL);
		const [queued] = await allQueued(db);
		await cancelQueued(db, queued!.id);
		online = true;
		expect(await chat.sendQueued(queued!)).toBeNull();
		expect(await db.messages.count()).toBe(0);
		expect(fake.requests).toHaveLength(0);
	});

	it('survives a new database connection (a reload) unchanged', async () => {
		const { chat } = setup();
		await chat.send('Still here after a reload', MODEL);
		const reopened = new AtriumDatabase(db.name);
		expect((await queuedFor(reopened, chat.conversation!.id)).map((q) => q.content)).toEqual(['Still here after a reload']);
		reopened.close();
	});
});
