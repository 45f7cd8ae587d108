// streamReply against the fake OpenAI server through the real provider and SDK, writing
// into a real (fake-indexeddb) Dexie database: what ends up stored is what a reload shows.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../../../../tests/fixtures/fakeOpenAI.ts';
import type { MessageNode } from '../../core/conversationTree.ts';
import { appendMessage, createConversation } from '../../db/conversations.ts';
import { AtriumDatabase } from '../../db/database.ts';
import type { ChatMessage } from '../../protocol/chat.ts';
import { createOpenAIProvider } from '../../providers/openai.ts';
import { SAVE_INTERVAL_MS, streamReply, type ReplyStreamOptions } from './replyStream.ts';

const KEY = 'sk-test-reply-stream';
const SLOW_MS = 30;
let fake: FakeServer;
let db: AtriumDatabase;

beforeAll(async () => {
	fake = await startFakeOpenAI({ apiKey: KEY, chunkDelayMs: 1, slowChunkDelayMs: SLOW_MS });
});
afterAll(() => fake.close());
beforeEach(() => {
	fake.requests.length = 0;
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await fake.settled();
	await db.delete();
});

const provider = () => createOpenAIProvider({ baseURL: fake.url, apiKey: KEY, label: 'Test AI' });
const ticks = (n: number) => Array.from({ length: n }, (_, i) => `tick ${i + 1}. `).join('');

/** A conversation holding one user message and an empty assistant node to stream into. */
async function replyNode(extra: Partial<MessageNode> = {}): Promise<MessageNode> {
	const conversation = await createConversation(db, { title: 't' });
	const now = Date.now();
	const user: MessageNode = {
		id: crypto.randomUUID(),
		conversationId: conversation.id,
		parentId: null,
		role: 'user',
		content: 'question',
		status: 'complete',
		createdAt: now,
		updatedAt: now
	};
	const reply: MessageNode = { ...user, id: crypto.randomUUID(), parentId: user.id, role: 'assistant', content: '', status: 'streaming', ...extra };
	await appendMessage(db, user);
	await appendMessage(db, reply);
	return reply;
}

function run(node: MessageNode, text: string, extra: Partial<ReplyStreamOptions> = {}) {
	const seen: string[] = [];
	const messages: ChatMessage[] = [{ role: 'user', content: text }];
	const result = streamReply({
		db,
		node,
		provider: provider(),
		modelId: 'gpt-4o-mini',
		messages,
		signal: new AbortController().signal,
		onText: (t) => seen.push(t),
		...extra
	});
	return { done: result.then((r) => r.outcome), result, seen };
}

describe('streamReply', () => {
	it('reports a failed write to the caller and still delivers the whole text', async () => {
		const node = await replyNode();
		const { result, seen } = run(node, '[[slow:10]]');
		await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0));
		db.close();
		const { outcome, saveError } = await result;
		expect(outcome).toMatchObject({ status: 'complete', content: ticks(10) });
		expect((saveError as Error | undefined)?.name).toBe('DatabaseClosedError');
	});

	it('streams the whole reply to the UI and stores it complete with usage', async () => {
		const node = await replyNode();
		const { done, seen } = run(node, 'hello there world');
		const outcome = await done;

		expect(outcome).toMatchObject({ content: 'Echo: hello there world', status: 'complete', error: undefined });
		expect(outcome.usage?.outputTokens).toBeGreaterThan(0);
		// Each callback carries the whole text so far, growing to the full reply.
		expect(seen.length).toBeGreaterThan(1);
		expect(seen.at(-1)).toBe('Echo: hello there world');
		for (let i = 1; i < seen.length; i++) expect(seen[i]!.startsWith(seen[i - 1]!)).toBe(true);
		expect(await db.messages.get(node.id)).toMatchObject({
			content: 'Echo: hello there world',
			status: 'complete',
			usage: outcome.usage
		});
		expect(fake.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello there world' }] });
	});

	it('writes growing text to IndexedDB while streaming, throttled rather than per chunk', async () => {
		const node = await replyNode();
		let writes = 0;
		db.messages.hook('updating', () => {
			writes += 1;
		});
		const started = Date.now();
		const { done } = run(node, '[[slow:30]]');

		await vi.waitFor(async () => {
			const stored = await db.messages.get(node.id);
			expect(stored?.content.length).toBeGreaterThan(0);
			expect(stored?.status).toBe('streaming');
		});
		const outcome = await done;
		const elapsed = Date.now() - started;
		expect(outcome.content).toBe(ticks(30));
		expect((await db.messages.get(node.id))?.content).toBe(ticks(30));
		// At most one write per SAVE_INTERVAL_MS while text arrives, plus the final one.
		expect(writes).toBeGreaterThan(1);
		expect(writes).toBeLessThanOrEqual(Math.floor(elapsed / SAVE_INTERVAL_MS) + 2);
		expect(writes).toBeLessThan(15);
	});

	it('keeps the text received before an abort and stores the node as aborted', async () => {
		const node = await replyNode();
		const controller = new AbortController();
		const { done, seen } = run(node, '[[slow]]', { signal: controller.signal });
		await vi.waitFor(() => expect(seen.length).toBeGreaterThan(2));
		controller.abort();
		const outcome = await done;

		expect(outcome.status).toBe('aborted');
		expect(outcome.content.length).toBeGreaterThan(0);
		expect(outcome.content.length).toBeLessThan(ticks(100).length);
		expect(ticks(100).startsWith(outcome.content)).toBe(true);
		expect(await db.messages.get(node.id)).toMatchObject({ status: 'aborted', content: outcome.content });
		await fake.settled();
		expect(fake.requests[0]?.aborted).toBe(true);
	});

	it('stores an upstream refusal as an error the user can read', async () => {
		const node = await replyNode();
		const outcome = await run(node, '[[error:rate]]').done;

		expect(outcome).toMatchObject({ status: 'error', content: '', error: { code: 'rate_limited' } });
		expect(outcome.error?.message).toMatch(/Test AI is getting too many requests\. Retry in 7 s\./);
		expect(await db.messages.get(node.id)).toMatchObject({ status: 'error', error: outcome.error });
	});

	it('keeps the partial text when the stream fails midway', async () => {
		const node = await replyNode();
		const text = '[[midstream-error]] one two three four five six seven eight';
		const outcome = await run(node, text).done;

		expect(outcome.status).toBe('error');
		expect(outcome.error?.message).toMatch(/failed in the middle of the reply/);
		expect(outcome.content.length).toBeGreaterThan(0);
		expect(`Echo: ${text}`.startsWith(outcome.content)).toBe(true);
		expect(outcome.content).not.toBe(`Echo: ${text}`);
		expect(await db.messages.get(node.id)).toMatchObject({ status: 'error', content: outcome.content });
	});

	it('continues after a prefix and clears the error of an earlier attempt', async () => {
		const node = await replyNode({
			content: 'Half an answer. ',
			status: 'error',
			error: { code: 'network', message: 'Lost the connection.' }
		});
		const outcome = await run(node, 'go on', { prefix: 'Half an answer. ' }).done;

		expect(outcome).toMatchObject({ status: 'complete', content: 'Half an answer. Echo: go on' });
		const stored = await db.messages.get(node.id);
		expect(stored).toMatchObject({ status: 'complete', content: 'Half an answer. Echo: go on' });
		expect(stored?.error).toBeUndefined();
	});

	it('an abort while the server has sent nothing ends aborted and empty', async () => {
		const node = await replyNode();
		const controller = new AbortController();
		const { done } = run(node, '[[hang]]', { signal: controller.signal });
		await vi.waitFor(() => expect(fake.requests[0]?.status).toBe(200));
		controller.abort();

		expect(await done).toMatchObject({ status: 'aborted', content: '' });
		expect((await db.messages.get(node.id))?.status).toBe('aborted');
	});
});
