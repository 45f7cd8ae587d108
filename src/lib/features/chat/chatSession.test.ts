// ChatSession end to end below the UI: the real OpenAI provider and SDK talk HTTP to the fake
// OpenAI server, and everything lands in a fresh Dexie database per test. Assertions are on
// what the user would see: the stored tree, the visible path, titles and node statuses.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from '../../../../tests/fixtures/fakeOpenAI.ts';
import { siblingPosition, type MessageNode } from '../../core/conversationTree.ts';
import { MAX_TITLE_CHARS } from '../../core/title.ts';
import { appendMessage, createConversation } from '../../db/conversations.ts';
import { AtriumDatabase, type Conversation } from '../../db/database.ts';
import { createOpenAIProvider } from '../../providers/openai.ts';
import type { ResolvedModel } from '../../providers/registry.ts';
import { ChatInputError, ChatSession } from './chatSession.svelte.ts';

const KEY = 'sk-test-chat-session';
const MODEL = 'fake::gpt-4o-mini';
const SLOW_MS = 30;
let fake: FakeServer;
let db: AtriumDatabase;
let created: Conversation[];

beforeAll(async () => {
	fake = await startFakeOpenAI({ apiKey: KEY, chunkDelayMs: 1, slowChunkDelayMs: SLOW_MS });
});
afterAll(() => fake.close());
beforeEach(() => {
	fake.requests.length = 0;
	created = [];
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await quiet();
	await db.delete();
});

function session(conversation: Conversation | null = null): ChatSession {
	const provider = createOpenAIProvider({ baseURL: fake.url, apiKey: KEY, label: 'Test AI' });
	return new ChatSession(
		{
			db,
			resolveModel: (key): ResolvedModel | null => (key === MODEL ? { provider, modelId: 'gpt-4o-mini' } : null),
			onCreated: (c) => created.push(c)
		},
		conversation
	);
}

/** Sends and waits until the reply is stored. */
async function exchange(chat: ChatSession, text: string, model: string | null = MODEL): Promise<void> {
	await chat.send(text, model);
	await chat.replyDone;
}

/**
 * Waits for background work the session starts after a reply (the auto-title request and its
 * write) to finish: the fake has answered everything, the client has had time to read the
 * answer and store it, and no new request came meanwhile.
 */
async function quiet(): Promise<void> {
	let seen: number;
	do {
		seen = fake.requests.length;
		await fake.settled();
		await new Promise((resolve) => setTimeout(resolve, 50));
	} while (seen !== fake.requests.length);
}

/** Chat requests for replies, leaving out auto-title requests (those cap their output). */
const replyRequests = () =>
	fake.requests.filter(
		(r) => r.path === '/v1/chat/completions' && (r.body as { max_tokens?: number }).max_tokens === undefined
	);
const titleRequests = () =>
	fake.requests.filter((r) => r.path === '/v1/chat/completions' && (r.body as { max_tokens?: number }).max_tokens !== undefined);
const sentMessages = (r: RecordedRequest | undefined) => (r?.body as { messages: { role: string; content: string }[] }).messages;

const stored = async (id: string) => (await db.messages.get(id))!;
const pathText = (chat: ChatSession) => chat.path.map((n) => `${n.role}:${n.content}`);
const last = (chat: ChatSession): MessageNode => chat.path.at(-1)!;
const ticks = (n: number) => Array.from({ length: n }, (_, i) => `tick ${i + 1}. `).join('');

describe('sending', () => {
	it('a first message creates the conversation and stores the complete reply', async () => {
		const chat = session();
		await chat.send('What is the capital of Portugal?', MODEL);

		// The conversation exists once send returns; the reply streams in the background.
		expect(chat.conversation).not.toBeNull();
		expect(created).toHaveLength(1);
		expect(created[0]!.id).toBe(chat.conversation!.id);
		expect((await db.conversations.get(chat.conversation!.id))?.title).toBe('What is the capital of Portugal?');
		expect(chat.streaming).toBe(true);

		await chat.replyDone;
		expect(chat.streaming).toBe(false);
		const [user, reply] = chat.path;
		expect(chat.path).toHaveLength(2);
		expect(await stored(user!.id)).toMatchObject({ role: 'user', parentId: null, content: 'What is the capital of Portugal?', status: 'complete' });
		expect(await stored(reply!.id)).toMatchObject({
			role: 'assistant',
			parentId: user!.id,
			content: 'Echo: What is the capital of Portugal?',
			status: 'complete',
			model: MODEL
		});
		expect(chat.conversation!.currentLeafId).toBe(reply!.id);
		expect(await db.conversations.get(chat.conversation!.id)).toMatchObject({ currentLeafId: reply!.id, messageCount: 2, model: MODEL });
		expect(chat.notice).toBeNull();
	});

	it('sends the draft system prompt first, then the visible path in order', async () => {
		const chat = session();
		chat.draftSystemPrompt = 'You are terse.';
		await exchange(chat, 'first');
		await exchange(chat, 'second');

		expect((await db.conversations.get(chat.conversation!.id))?.systemPrompt).toBe('You are terse.');
		expect(sentMessages(replyRequests()[1])).toEqual([
			{ role: 'system', content: 'You are terse.' },
			{ role: 'user', content: 'first' },
			{ role: 'assistant', content: 'Echo: first' },
			{ role: 'user', content: 'second' }
		]);
		expect(pathText(chat)).toEqual(['user:first', 'assistant:Echo: first', 'user:second', 'assistant:Echo: second']);
	});

	it('a system prompt set on a stored conversation is sent and kept', async () => {
		const chat = session();
		await exchange(chat, 'first');
		expect(sentMessages(replyRequests()[0])[0]).toEqual({ role: 'user', content: 'first' });

		await chat.setSystemPrompt('Answer in French.');
		await exchange(chat, 'second');
		expect(sentMessages(replyRequests()[1])[0]).toEqual({ role: 'system', content: 'Answer in French.' });
		expect((await db.conversations.get(chat.conversation!.id))?.systemPrompt).toBe('Answer in French.');
	});
});

describe('input checks', () => {
	it('refuses empty and whitespace-only messages and stores nothing', async () => {
		const chat = session();
		await expect(chat.send('', MODEL)).rejects.toThrow(ChatInputError);
		await expect(chat.send(' \n\t ', MODEL)).rejects.toThrow('Type a message first.');
		expect(chat.conversation).toBeNull();
		expect(created).toHaveLength(0);
		expect(await db.conversations.count()).toBe(0);
		expect(await db.messages.count()).toBe(0);
		expect(fake.requests).toHaveLength(0);
	});

	it('refuses a message over 100,000 characters, saying so, and stores nothing', async () => {
		const chat = session();
		const error = await chat.send('x'.repeat(100_001), MODEL).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ChatInputError);
		expect((error as Error).message).toMatch(/100,001 characters; the limit is 100,000/);
		expect(await db.conversations.count()).toBe(0);
		expect(await db.messages.count()).toBe(0);
	});

	it('accepts a message of exactly 100,000 characters', async () => {
		const chat = session();
		await exchange(chat, 'y'.repeat(100_000));
		expect(last(chat)).toMatchObject({ status: 'complete', content: `Echo: ${'y'.repeat(100_000)}` });
	});

	it('refuses to send without a model', async () => {
		const chat = session();
		await expect(chat.send('hello', null)).rejects.toThrow(/Pick a model/);
		expect(await db.conversations.count()).toBe(0);
	});

	it('refuses to send, edit or regenerate while a reply is streaming', async () => {
		const chat = session();
		await exchange(chat, 'first');
		const [firstUser, firstReply] = chat.path;
		await chat.send('[[slow]] second', MODEL);
		expect(chat.streaming).toBe(true);

		await expect(chat.send('third', MODEL)).rejects.toThrow(/Wait for the reply to finish/);
		await expect(chat.editUserMessage(firstUser!.id, 'edited', MODEL)).rejects.toThrow(ChatInputError);
		await expect(chat.regenerate(firstReply!.id, MODEL)).rejects.toThrow(ChatInputError);
		expect(await db.messages.count()).toBe(4);

		chat.stop();
		await chat.replyDone;
	});

	it('a second send before the first is stored is refused: one conversation, one exchange', async () => {
		const chat = session();
		const results = await Promise.allSettled([chat.send('first', MODEL), chat.send('first again', MODEL)]);
		await chat.replyDone;

		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toBeInstanceOf(ChatInputError);
		expect(await db.conversations.count()).toBe(1);
		expect(created).toHaveLength(1);
		expect(await db.messages.count()).toBe(2);
		expect(pathText(chat)).toEqual(['user:first', 'assistant:Echo: first']);
	});

	it('a double click on Regenerate starts one reply, which Stop then stops', async () => {
		const chat = session();
		await exchange(chat, '[[slow:10]] hello');
		const reply = last(chat);
		const results = await Promise.allSettled([chat.regenerate(reply.id, null), chat.regenerate(reply.id, null)]);

		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect(chat.tree.children.get(reply.parentId)).toHaveLength(2);
		chat.stop();
		await chat.replyDone;
		expect(chat.streaming).toBe(false);
		expect((await stored(last(chat).id)).status).toBe('aborted');
	});
});

describe('stopping and failures', () => {
	it('stop keeps the text so far, marks the reply aborted and cuts the upstream request', async () => {
		const chat = session();
		await chat.send('[[slow]] count for me', MODEL);
		await vi.waitFor(() => expect(chat.live?.text.length ?? 0).toBeGreaterThan(10));
		chat.stop();
		await chat.replyDone;

		expect(chat.streaming).toBe(false);
		const reply = await stored(last(chat).id);
		expect(reply.status).toBe('aborted');
		expect(reply.content.length).toBeGreaterThan(0);
		expect(reply.content.length).toBeLessThan(ticks(100).length);
		expect(ticks(100).startsWith(reply.content)).toBe(true);
		expect(last(chat)).toMatchObject({ status: 'aborted', content: reply.content });
		await fake.settled();
		expect(replyRequests()[0]?.aborted).toBe(true);
	});

	it('an upstream refusal leaves the reply in error with a message for the user', async () => {
		const chat = session();
		await exchange(chat, 'please [[error:429]]');

		const reply = await stored(last(chat).id);
		expect(reply).toMatchObject({ role: 'assistant', status: 'error', content: '', error: { code: 'quota_exceeded' } });
		expect(reply.error?.message).toBe('Test AI says the quota is used up. Check your plan and billing, or pick another model.');
		expect(last(chat).status).toBe('error');
		// What the user typed is kept.
		expect(chat.path[0]).toMatchObject({ role: 'user', content: 'please [[error:429]]' });
	});

	it('a stream that fails midway keeps its partial text and ends in error', async () => {
		const chat = session();
		const text = '[[midstream-error]] one two three four five six seven eight';
		await exchange(chat, text);

		const reply = await stored(last(chat).id);
		expect(reply.status).toBe('error');
		expect(reply.error?.message).toMatch(/Test AI failed in the middle of the reply/);
		expect(reply.content.length).toBeGreaterThan(0);
		expect(reply.content.length).toBeLessThan(`Echo: ${text}`.length);
		expect(`Echo: ${text}`.startsWith(reply.content)).toBe(true);
	});

	it('a model that is not configured any more fails the reply without a request', async () => {
		const chat = session();
		await exchange(chat, 'hello', 'gone::some-model');

		const reply = await stored(last(chat).id);
		expect(reply).toMatchObject({ status: 'error', model: 'gone::some-model', error: { code: 'unavailable' } });
		expect(reply.error?.message).toMatch(/not available/);
		expect(last(chat).status).toBe('error');
		expect(replyRequests()).toHaveLength(0);
	});
});

describe('branches', () => {
	it('regenerate adds a sibling reply, and switching branches is saved', async () => {
		const chat = session();
		await exchange(chat, 'hello');
		const [user, first] = chat.path;
		await chat.regenerate(first!.id, null);
		await chat.replyDone;

		const second = last(chat);
		expect(second.id).not.toBe(first!.id);
		expect(second).toMatchObject({ parentId: user!.id, status: 'complete', content: 'Echo: hello', model: MODEL });
		expect(siblingPosition(chat.tree, second)).toEqual({ index: 2, total: 2 });
		expect(siblingPosition(chat.tree, chat.tree.byId.get(first!.id)!)).toEqual({ index: 1, total: 2 });
		expect((await db.conversations.get(chat.conversation!.id))?.currentLeafId).toBe(second.id);

		await chat.showBranch(second.id, -1);
		expect(chat.path.map((n) => n.id)).toEqual([user!.id, first!.id]);
		const reloaded = session();
		await reloaded.load(chat.conversation!.id);
		expect(reloaded.path.map((n) => n.id)).toEqual([user!.id, first!.id]);

		await chat.showBranch(first!.id, 1);
		expect(chat.path.map((n) => n.id)).toEqual([user!.id, second.id]);
		const again = session();
		await again.load(chat.conversation!.id);
		expect(again.path.map((n) => n.id)).toEqual([user!.id, second.id]);

		// No sibling past either end: nothing moves.
		await chat.showBranch(second.id, 1);
		expect(last(chat).id).toBe(second.id);
	});

	it('editing a user message answers the edit on a new branch and keeps the original', async () => {
		const chat = session();
		await exchange(chat, 'first');
		await exchange(chat, 'second');
		const [, firstReply, original, originalReply] = chat.path;

		await chat.editUserMessage(original!.id, 'second, edited', MODEL);
		await chat.replyDone;

		const [, , edited, editedReply] = chat.path;
		expect(pathText(chat)).toEqual(['user:first', 'assistant:Echo: first', 'user:second, edited', 'assistant:Echo: second, edited']);
		expect(edited!.parentId).toBe(firstReply!.id);
		expect(editedReply).toMatchObject({ parentId: edited!.id, status: 'complete' });
		expect(siblingPosition(chat.tree, edited!)).toEqual({ index: 2, total: 2 });
		expect(await stored(original!.id)).toMatchObject({ content: 'second', parentId: firstReply!.id });
		expect(await stored(originalReply!.id)).toMatchObject({ content: 'Echo: second', status: 'complete' });
		// The edited branch's request does not carry the message it replaced.
		expect(sentMessages(replyRequests().at(-1)).map((m) => m.content)).toEqual(['first', 'Echo: first', 'second, edited']);

		await chat.showBranch(edited!.id, -1);
		expect(pathText(chat).slice(2)).toEqual(['user:second', 'assistant:Echo: second']);
	});

	it('refuses to edit a message that is not the user’s', async () => {
		const chat = session();
		await exchange(chat, 'hello');
		await expect(chat.editUserMessage(last(chat).id, 'x', MODEL)).rejects.toThrow('That message cannot be edited.');
	});
});

describe('persistence', () => {
	it('writes the reply to IndexedDB while it streams', async () => {
		const chat = session();
		await chat.send('[[slow:40]]', MODEL);
		const id = chat.live!.id;

		await vi.waitFor(async () => {
			const node = await stored(id);
			expect(node.status).toBe('streaming');
			expect(node.content.length).toBeGreaterThan(0);
		});
		expect(chat.streaming).toBe(true);
		await chat.replyDone;
		expect(await stored(id)).toMatchObject({ status: 'complete', content: ticks(40) });
	});

	it('a reply left streaming by a gone tab loads as interrupted and can be continued', async () => {
		const conversation = await createConversation(db, { title: 'Old chat', titleSource: 'user', model: MODEL });
		const base = { conversationId: conversation.id, createdAt: 1, updatedAt: 1 };
		const user: MessageNode = { ...base, id: 'u1', parentId: null, role: 'user', content: 'tell me', status: 'complete' };
		const reply: MessageNode = { ...base, id: 'a1', parentId: 'u1', role: 'assistant', content: 'Half of it', status: 'streaming', model: MODEL };
		await appendMessage(db, user);
		await appendMessage(db, reply);

		const chat = session();
		await chat.load(conversation.id);
		expect(await stored('a1')).toMatchObject({ status: 'interrupted', content: 'Half of it' });
		expect(chat.path.map((n) => n.id)).toEqual(['u1', 'a1']);
		expect(last(chat).status).toBe('interrupted');

		await chat.continueReply('a1', null);
		expect(chat.streaming).toBe(true);
		await chat.replyDone;

		const done = await stored('a1');
		expect(done.status).toBe('complete');
		expect(done.content.startsWith('Half of it')).toBe(true);
		expect(done.content.length).toBeGreaterThan('Half of it'.length);
		expect(last(chat)).toMatchObject({ id: 'a1', status: 'complete', content: done.content });
		// Continued in place: no new node, and the model saw what it had already written.
		expect(await db.messages.count()).toBe(2);
		expect(sentMessages(replyRequests()[0]).slice(0, 2)).toEqual([
			{ role: 'user', content: 'tell me' },
			{ role: 'assistant', content: 'Half of it' }
		]);
	});

	it('load of an unknown id says the conversation is missing', async () => {
		const chat = session();
		await chat.load('no-such-id');
		expect(chat.missing).toBe(true);
		expect(chat.conversation).toBeNull();
	});
});

describe('titles', () => {
	it('after the first exchange the model names the conversation', async () => {
		const chat = session();
		await exchange(chat, 'Plan a weekend trip to Lisbon');
		expect(chat.conversation!.title).toBe('Plan a weekend trip to Lisbon');

		await vi.waitFor(() => expect(chat.conversation!.titleSource).toBe('auto'));
		const title = chat.conversation!.title;
		expect(title).not.toBe('Plan a weekend trip to Lisbon');
		expect(title.length).toBeGreaterThan(0);
		expect(title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
		await vi.waitFor(async () =>
			expect(await db.conversations.get(chat.conversation!.id)).toMatchObject({ title, titleSource: 'auto' })
		);
		// The title request told the model what the exchange was about.
		expect(sentMessages(titleRequests()[0])[0]!.content).toContain('User: Plan a weekend trip to Lisbon');

		await exchange(chat, 'And Porto?');
		await quiet();
		expect(titleRequests()).toHaveLength(1);
	});

	it('a rename during the first reply is never overwritten', async () => {
		const chat = session();
		await chat.send('[[slow:5]] Plan a weekend trip', MODEL);
		await chat.rename('  My   Lisbon trip ');
		await chat.replyDone;
		await quiet();

		expect(chat.conversation).toMatchObject({ title: 'My Lisbon trip', titleSource: 'user' });
		expect(await db.conversations.get(chat.conversation!.id)).toMatchObject({ title: 'My Lisbon trip', titleSource: 'user' });
	});

	it('a rename while the title is being written wins', async () => {
		const chat = session();
		// The title prompt quotes the message, so the fake streams the title slowly too.
		await exchange(chat, '[[slow:10]] Plan a weekend trip');
		await vi.waitFor(() => expect(titleRequests()).toHaveLength(1), { interval: 5 });
		await chat.rename('Mine');
		await quiet();

		expect(chat.conversation).toMatchObject({ title: 'Mine', titleSource: 'user' });
		expect(await db.conversations.get(chat.conversation!.id)).toMatchObject({ title: 'Mine', titleSource: 'user' });
	});
});
