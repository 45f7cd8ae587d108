// Embeddings for search: the vector scan at 100,000 messages × 384 dimensions (MiniLM's size;
// 8-bit vectors, src/lib/core/embeddings/vectors.ts) — memory, build, query p50/p95, related
// conversations (centroids) — and, through the real transformers.js pipeline with the tests'
// tiny model (no real weights can be downloaded here), embedding throughput and recall@10 of
// queries that share no word with their answers, only synonyms. `node bench/searchEmbeddings.ts`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPipeline } from '../src/lib/core/models/transformers.ts';
import { quantize, VectorIndex } from '../src/lib/core/embeddings/vectors.ts';
import { startTinyModelServer, TINY_EMBEDDING_MODEL } from '../tests/fixtures/tinyModels.ts';
import { CONCEPTS } from '../tests/fixtures/tinyModelsEmbedding.ts';

const VECTORS = Number(process.env.EMBED_BENCH_VECTORS ?? 100_000);
const DIMS = 384;
const TEXTS = Number(process.env.EMBED_BENCH_TEXTS ?? 2_000);
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A deterministic pseudo-random source (mulberry32). */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

function scan(): Record<string, number> {
	const next = random(7);
	const vector = () => quantize(Float32Array.from({ length: DIMS }, () => next() * 2 - 1));
	const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
	let started = performance.now();
	const index = new VectorIndex(DIMS);
	for (let i = 0; i < VECTORS; i++) index.put(`m${i}`, `c${i % 5_000}`, vector());
	const buildMs = performance.now() - started;
	const memoryMB = (process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore) / 2 ** 20;
	const times: number[] = [];
	for (let i = 0; i < 50; i++) {
		const query = vector();
		started = performance.now();
		index.nearest(query, 200, 0.1);
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	started = performance.now();
	index.centroids();
	const centroidsMs = performance.now() - started;
	return {
		vectors: VECTORS,
		dims: DIMS,
		vectorMemoryMB: round(memoryMB, 1),
		vectorBuildMs: Math.round(buildMs),
		vectorQueryP50Ms: round(percentile(times, 50)),
		vectorQueryP95Ms: round(percentile(times, 95)),
		relatedCentroidsMs: Math.round(centroidsMs)
	};
}

async function pipeline(): Promise<Record<string, number>> {
	const server = await startTinyModelServer();
	const cacheDir = await mkdtemp(join(tmpdir(), 'atrium-bench-models-'));
	try {
		const extract = await loadPipeline('feature-extraction', { host: server.url, model: TINY_EMBEDDING_MODEL }, { cacheDir });
		const next = random(11);
		const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
		// Each text: three words of one concept among filler; the query uses other words of it.
		const texts = Array.from({ length: TEXTS }, (_, i) => {
			const concept = i % CONCEPTS.length;
			return { concept, text: `the ${pick(CONCEPTS[concept]!)} and my ${pick(CONCEPTS[concept]!)} is ${pick(CONCEPTS[concept]!)} for ${pick(['new', 'old', 'a'])}` };
		});
		const index = new VectorIndex(CONCEPTS.length + 1);
		const started = performance.now();
		for (let i = 0; i < texts.length; i += 16) {
			const batch = texts.slice(i, i + 16);
			const rows = (await extract(batch.map((t) => t.text), { pooling: 'mean', normalize: true })).tolist() as number[][];
			rows.forEach((row, j) => index.put(String(i + j), String(batch[j]!.concept), quantize(row)));
		}
		const seconds = (performance.now() - started) / 1000;
		let recall = 0;
		for (let concept = 0; concept < CONCEPTS.length; concept++) {
			const [row] = (await extract([CONCEPTS[concept]!.slice(-2).join(' ')], { pooling: 'mean', normalize: true })).tolist() as number[][];
			const found = index.nearest(quantize(row!), 10);
			recall += found.filter((f) => texts[Number(f.id)]!.concept === concept).length / 10;
		}
		return { tinyModelEmbedsPerSec: Math.round(texts.length / seconds), synonymRecallAt10: round(recall / CONCEPTS.length, 3) };
	} finally {
		await server.close();
		await rm(cacheDir, { recursive: true, force: true });
	}
}

export default async function bench(): Promise<Record<string, number>> {
	return { ...scan(), ...(await pipeline()) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	console.log(JSON.stringify(await bench(), null, 2));
}
