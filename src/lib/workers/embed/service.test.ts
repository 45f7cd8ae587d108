// The embedding service over a real IndexedDB implementation and the real tiny model (loaded
// through the shared loader from the tests' model host, run by onnxruntime-node).
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTinyModelServer, TINY_EMBEDDING_MODEL, type TinyModelServer } from '../../../../tests/fixtures/tinyModels.ts';
import type { MessageNode } from '../../core/conversationTree.ts';
import { loadPipeline } from '../../core/models/transformers.ts';
import { MODEL_SETTINGS_KEY } from '../../core/models/transformersConfig.ts';
import { appendMessage, createConversation, deleteConversation } from '../../db/conversations.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { EmbeddingService, OFF_REASON, type LoadEmbedder } from './service.ts';

let server: TinyModelServer;
let cacheDir: string;
const cleanup: Array<() => unknown> = [];

beforeAll(async () => {
	server = await startTinyModelServer();
	cacheDir = await mkdtemp(join(tmpdir(), 'atrium-embed-'));
});
afterAll(async () => {
	await server.close();
	await rm(cacheDir, { recursive: true, force: true });
});
afterEach(async () => {
	while (cleanup.length) await cleanup.pop()!();
});

const load: LoadEmbedder = async (settings, onProgress) => {
	const extract = await loadPipeline('feature-extraction', { host: settings.host, model: settings.embeddingModel }, { cacheDir, onProgress });
	return {
		embed: async (texts) => {
			const output = await extract(texts, { pooling: 'mean', normalize: true });
			return (output.tolist() as number[][]).map((row) => Float32Array.from(row));
		}
	};
};

function setUp() {
	const db = new AtriumDatabase(`embed-test-${crypto.randomUUID()}`);
	const service = new EmbeddingService({ db, load, batchSize: 2 });
	cleanup.push(() => db.delete(), () => service.dispose());
	return { db, service };
}

let clock = 1_000;
function node(conversationId: string, content: string): MessageNode {
	clock += 1;
	return { id: crypto.randomUUID(), conversationId, parentId: null, role: 'user', content, status: 'complete', createdAt: clock, updatedAt: clock };
}

const turnOn = (db: AtriumDatabase, host = server.url) =>
	db.settings.put({ key: MODEL_SETTINGS_KEY, value: { host, embeddingModel: TINY_EMBEDDING_MODEL, semantic: true } });

describe('EmbeddingService', () => {
	it('stays off, saying why, until the user turns semantic features on', async () => {
		const { service } = setUp();
		expect(await service.start()).toMatchObject({ state: 'off', reason: OFF_REASON });
		expect(await service.search('car')).toEqual({ ids: [], scores: [] });
	});

	it('embeds existing and new messages, finds one by meaning, and relates conversations', async () => {
		const { db, service } = setUp();
		const cars = await createConversation(db);
		const music = await createConversation(db);
		const garage = await createConversation(db);
		const fix = node(cars.id, 'My automobile needs a mechanic');
		const song = node(music.id, 'A cheerful melody on the piano');
		await appendMessage(db, fix);
		await appendMessage(db, song);
		await turnOn(db);
		expect(await service.start()).toMatchObject({ state: 'ready', embedded: 2, pending: 0 });

		const found = await service.search('car repair');
		expect(found.ids).toEqual([fix.id]);
		expect(found.scores[0]).toBeGreaterThan(0.9);

		const later = node(garage.id, 'The sedan is broken again');
		await appendMessage(db, later);
		await service.settled();
		expect((await service.search('vehicle fix')).ids.sort()).toEqual([fix.id, later.id].sort());
		expect(service.related(cars.id)).toEqual([{ conversationId: garage.id, score: expect.closeTo(1, 1) }]);
		expect(await db.embeddings.count()).toBe(3);

		await deleteConversation(db, garage.id);
		await service.settled();
		expect((await service.search('vehicle fix')).ids).toEqual([fix.id]);
	});

	it('restarts with stored vectors without embedding them again', async () => {
		const { db, service } = setUp();
		const c = await createConversation(db);
		await appendMessage(db, node(c.id, 'Baking soup in the kitchen'));
		await turnOn(db);
		await service.start();
		const again = new EmbeddingService({ db, load: async (settings, onProgress) => {
			const embedder = await load(settings, onProgress);
			return { embed: async (texts) => (texts.length > 1 || texts[0] !== 'recipe' ? Promise.reject(new Error(`embedded again: ${texts.join()}`)) : embedder.embed(texts)) };
		} });
		cleanup.push(() => again.dispose());
		expect(await again.start()).toMatchObject({ state: 'ready', embedded: 1 });
		expect((await again.search('recipe')).ids).toHaveLength(1);
	});

	it('says the model is unavailable, naming it, when its host cannot serve it', async () => {
		const { db, service } = setUp();
		await db.settings.put({ key: MODEL_SETTINGS_KEY, value: { host: server.url, embeddingModel: 'nobody/missing', semantic: true } });
		const status = await service.start();
		expect(status.state).toBe('unavailable');
		expect(status.reason).toContain('nobody/missing');
	});
});
