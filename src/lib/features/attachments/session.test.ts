// Attachments through the real ChatSession: the OpenAI provider talks HTTP to the fake
// server; files, passages and messages land in a fresh Dexie database per test.
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../../../../tests/fixtures/fakeOpenAI.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { createOpenAIProvider } from '../../providers/openai.ts';
import type { ResolvedModel } from '../../providers/registry.ts';
import { ChatSession } from '../chat/chatSession.svelte.ts';
import { DocumentService } from '../../workers/documents/service.ts';
import { attachmentContext } from './context.ts';
import type { PageReader } from './passages.ts';
import { deleteConversationFiles } from './store.ts';
import type { ReadyAttachment } from './types.ts';

const KEY = 'sk-test-attachments';
const MODEL = 'fake::gpt-4o';
let fake: FakeServer;
let db: AtriumDatabase;

beforeAll(async () => {
	fake = await startFakeOpenAI({ apiKey: KEY, chunkDelayMs: 1 });
});
afterAll(() => fake.close());
beforeEach(() => {
	fake.requests.length = 0;
	db = new AtriumDatabase(`attach-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await fake.settled();
	await db.delete();
});

function chat(vision = true): ChatSession {
	const provider = createOpenAIProvider({ baseURL: fake.url, apiKey: KEY });
	const session = new ChatSession({ db, resolveModel: (): ResolvedModel => ({ provider, modelId: 'gpt-4o' }) });
	session.canSee = () => vision;
	return session;
}

const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

function image(name: string): ReadyAttachment {
	const blob = new Blob([PNG], { type: 'image/png' });
	return {
		ref: { id: crypto.randomUUID(), kind: 'image', name, mimeType: 'image/png', size: blob.size, sha256: 'x', width: 1, height: 1 },
		blob,
		thumbnail: blob,
		originalSize: blob.size
	};
}

function pdf(name: string, pages: { page: number; text: string }[]): ReadyAttachment {
	const blob = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
	return {
		ref: { id: crypto.randomUUID(), kind: 'pdf', name, mimeType: 'application/pdf', size: blob.size, sha256: 'y', pages: pages.length },
		blob,
		originalSize: blob.size,
		pages
	};
}

const chatBodies = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as { messages: { role: string; content: unknown }[]; max_tokens?: number });

describe('sending attachments', () => {
	it('stores two images as Blobs with the message and sends both as image parts', async () => {
		const session = chat();
		await session.send('Which is brighter?', MODEL, { attachments: [image('a.png'), image('b.png')] });
		await session.replyDone;
		const user = session.path[0];
		expect(user?.attachments?.map((a) => a.name)).toEqual(['a.png', 'b.png']);
		const stored = await db.attachments.where('messageId').equals(user?.id ?? '').toArray();
		expect(stored).toHaveLength(2);
		expect(stored[0]?.blob).toBeInstanceOf(Blob);
		expect(stored[0]?.conversationId).toBe(session.conversation?.id);
		const [body] = chatBodies().filter((b) => b.max_tokens === undefined);
		const content = body?.messages.at(-1)?.content as { type: string; image_url?: { url: string } }[];
		expect(content.map((part) => part.type)).toEqual(['text', 'image_url', 'image_url']);
		expect(content[1]?.image_url?.url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
	});

	it('refuses images for a model that cannot see, before storing anything', async () => {
		const session = chat(false);
		await expect(session.send('Look', MODEL, { attachments: [image('a.png')] })).rejects.toThrow(/gpt-4o cannot see images/);
		expect(await db.messages.count()).toBe(0);
		expect(await db.attachments.count()).toBe(0);
		expect(fake.requests).toHaveLength(0);
	});

	it('sends a message of files alone, without text', async () => {
		const session = chat();
		await session.send('', MODEL, { attachments: [image('only.png')] });
		await session.replyDone;
		expect(session.path).toHaveLength(2);
	});

	it('stores a PDF with its page passages; deleting the conversation removes both', async () => {
		const session = chat();
		await session.send('Summarise it', MODEL, { attachments: [pdf('plan.pdf', [{ page: 1, text: 'Intro.' }, { page: 2, text: 'The bridge opens in May.' }])] });
		await session.replyDone;
		const id = session.conversation?.id ?? '';
		const chunks = await db.documentChunks.where('conversationId').equals(id).toArray();
		expect(chunks.map((c) => c.page)).toEqual([1, 2]);
		await deleteConversationFiles(db, id);
		expect(await db.attachments.count()).toBe(0);
		expect(await db.documentChunks.count()).toBe(0);
	});
});

describe('attachmentContext', () => {
	it('puts the best passages before the question and cites the right page', async () => {
		const session = chat();
		const doc = pdf('atlas.pdf', [
			{ page: 1, text: 'Rivers of the north flow into the cold sea. '.repeat(5) },
			{ page: 2, text: 'The tallest waterfall in the atlas is Angel Falls, 979 metres high.' },
			{ page: 3, text: 'Deserts cover a fifth of the land. '.repeat(5) }
		]);
		await session.send('Read this', MODEL, { attachments: [doc] });
		await session.replyDone;
		const question = { ...session.path[0]!, id: 'q', parentId: session.path[1]!.id, content: 'How high is the tallest waterfall?', attachments: undefined };
		const service = new DocumentService(db);
		const { parts, citations } = await attachmentContext([...session.path, question], {
			db,
			vision: true,
			search: (conversationId, query, limit) => service.search(conversationId, query, limit)
		});
		expect(citations[0]).toMatchObject({ fileName: 'atlas.pdf', page: 2 });
		const content = parts.get('q')?.content ?? '';
		expect(content).toContain('[1] (atlas.pdf, p. 2)\nThe tallest waterfall');
		expect(content.endsWith('Question: How high is the tallest waterfall?')).toBe(true);
		// The earlier message names its document instead of pasting it.
		expect(parts.get(session.path[0]!.id)?.content).toMatch(/Attached document “atlas.pdf”, 3 pages/);
	});

	it('reads the pages again for a document that arrived without passages (synced from another device)', async () => {
		const session = chat();
		const doc = pdf('atlas.pdf', [
			{ page: 1, text: 'Rivers of the north flow into the cold sea. '.repeat(5) },
			{ page: 2, text: 'The tallest waterfall in the atlas is Angel Falls, 979 metres high.' }
		]);
		await session.send('Read this', MODEL, { attachments: [doc] });
		await session.replyDone;
		// What a synced copy has: the file, but no passages.
		await db.documentChunks.clear();
		const reads: string[] = [];
		const readPages: PageReader = async (record) => {
			reads.push(record.name);
			return doc.pages ?? [];
		};
		const question = { ...session.path[0]!, id: 'q', parentId: session.path[1]!.id, content: 'How high is the tallest waterfall?', attachments: undefined };
		const service = new DocumentService(db);
		const ask = () => attachmentContext([...session.path, question], { db, vision: true, readPages, search: (id, query, limit) => service.search(id, query, limit) });
		expect((await ask()).citations[0]).toMatchObject({ fileName: 'atlas.pdf', page: 2 });
		expect((await ask()).citations[0]).toMatchObject({ fileName: 'atlas.pdf', page: 2 });
		expect(reads).toEqual(['atlas.pdf']);

		await db.documentChunks.clear();
		const broken = await attachmentContext([...session.path, question], {
			db,
			vision: true,
			readPages: async () => {
				throw new Error('the PDF is damaged');
			},
			search: (id, query, limit) => service.search(id, query, limit)
		});
		expect(broken.citations).toEqual([]);
		expect(broken.parts.get(session.path[0]!.id)?.content).toContain('[Attached document “atlas.pdf” could not be read on this device: the PDF is damaged]');
	});

	it('names images in words for a model that cannot see, and pastes short text files whole', async () => {
		const session = chat();
		const text = new Blob(['print("hi")'], { type: 'text/x-python' });
		const file: ReadyAttachment = {
			ref: { id: crypto.randomUUID(), kind: 'text', name: 'hi.py', mimeType: 'text/x-python', size: text.size, sha256: 'z' },
			blob: text,
			originalSize: text.size,
			pages: [{ page: null, text: 'print("hi")' }]
		};
		await session.send('Explain', MODEL, { attachments: [image('cat.png'), file] });
		await session.replyDone;
		const { parts } = await attachmentContext(session.path, { db, vision: false, search: async () => [] });
		const part = parts.get(session.path[0]!.id);
		expect(part?.images).toBeUndefined();
		expect(part?.content).toBe('Explain\n\n[Image “cat.png” not sent: this model cannot see images.]\n\nFile “hi.py”:\n```\nprint("hi")\n```');
	});
});

describe('storage', () => {
	it('leaves nothing half-attached when the message cannot be stored', async () => {
		const { storeWithMessage } = await import('./store.ts');
		const owner = { conversationId: 'c', messageId: 'm' };
		await expect(
			storeWithMessage(db, [image('a.png'), pdf('b.pdf', [{ page: 1, text: 'Text.' }])], owner, async () => {
				throw new Error('disk full');
			})
		).rejects.toThrow('disk full');
		expect(await db.attachments.count()).toBe(0);
		expect(await db.documentChunks.count()).toBe(0);
	});

	it("deleting a conversation deletes its files and passages, and only its own", async () => {
		const keep = chat();
		await keep.send('Keep', MODEL, { attachments: [image('keep.png')] });
		await keep.replyDone;
		const gone = chat();
		await gone.send('Go', MODEL, { attachments: [pdf('gone.pdf', [{ page: 1, text: 'Bye.' }])] });
		await gone.replyDone;
		await db.conversations.delete(gone.conversation?.id ?? '');
		await expect.poll(() => db.documentChunks.count()).toBe(0);
		await expect.poll(() => db.attachments.count()).toBe(1);
		expect((await db.attachments.toArray())[0]?.name).toBe('keep.png');
	});
});
