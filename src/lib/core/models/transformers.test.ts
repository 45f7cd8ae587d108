// The shared loader against a real model host (the tests' tiny model server) and the real
// transformers.js runtime (onnxruntime-node here; the browser's WebAssembly build in e2e).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIDDEN_SIZE } from '../../../../tests/fixtures/tinyModelsEmbedding.ts';
import { startTinyModelServer, TINY_EMBEDDING_MODEL, type TinyModelServer } from '../../../../tests/fixtures/tinyModels.ts';
import { loadPipeline } from './transformers.ts';
import { ModelUnavailableError, type ModelProgress } from './transformersConfig.ts';

let server: TinyModelServer;
let cacheDir: string;

beforeAll(async () => {
	server = await startTinyModelServer({ pieces: 4, pieceDelayMs: 5 });
	cacheDir = await mkdtemp(join(tmpdir(), 'atrium-models-'));
});
afterAll(async () => {
	await server.close();
	await rm(cacheDir, { recursive: true, force: true });
});

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('loadPipeline', () => {
	it('loads a feature-extraction model from the host, reporting progress, and embeds synonyms alike', async () => {
		const progress: ModelProgress[] = [];
		const extract = await loadPipeline('feature-extraction', { host: server.url, model: TINY_EMBEDDING_MODEL }, { cacheDir, onProgress: (p) => progress.push(p) });
		expect(server.requests).toContain(`/${TINY_EMBEDDING_MODEL}/resolve/main/onnx/model_quantized.onnx`);
		const last = progress.at(-1)!;
		expect(last.total).toBeGreaterThan(1000);
		expect(last.loaded).toBe(last.total);
		expect(progress.some((p) => p.loaded > 0 && p.loaded < p.total)).toBe(true);

		const output = await extract(['my car needs a fix', 'the automobile needs repair', 'a cheerful song on the guitar'], { pooling: 'mean', normalize: true });
		const [car, automobile, song] = output.tolist() as number[][];
		expect(dot(car!, automobile!)).toBeGreaterThan(0.95);
		expect(dot(car!, song!)).toBeLessThan(0.2);
	});

	it('says which model is missing when the host has no such model', async () => {
		const failure = loadPipeline('feature-extraction', { host: server.url, model: 'nobody/no-model' }, { cacheDir });
		await expect(failure).rejects.toBeInstanceOf(ModelUnavailableError);
		await expect(failure).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('nobody/no-model') });
	});

	it('loads from its cache once downloaded, with the host gone; without the cache it says the host cannot be reached', async () => {
		const gone = { host: 'http://127.0.0.1:9/', model: TINY_EMBEDDING_MODEL };
		const cached = await loadPipeline('feature-extraction', gone, { cacheDir });
		expect((await cached('car', { pooling: 'mean', normalize: true })).dims).toEqual([1, HIDDEN_SIZE]);
		const empty = await mkdtemp(join(tmpdir(), 'atrium-models-'));
		try {
			await expect(loadPipeline('feature-extraction', gone, { cacheDir: empty })).rejects.toMatchObject({ code: 'unreachable' });
		} finally {
			await rm(empty, { recursive: true, force: true });
		}
	});
});
