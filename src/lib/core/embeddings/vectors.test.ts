import { describe, expect, it } from 'vitest';
import { fusePassages, reciprocalRankFusion } from './fusion.ts';
import { quantize, similarity, VectorIndex } from './vectors.ts';

describe('VectorIndex', () => {
	it('finds the nearest unit vectors above a floor, within a filter', () => {
		const index = new VectorIndex(3);
		index.put('a', 'c1', quantize([1, 0, 0]));
		index.put('b', 'c1', quantize([0.8, 0.6, 0]));
		index.put('c', 'c2', quantize([0, 0, 1]));
		const query = quantize([2, 0, 0]);
		expect(index.nearest(query, 5, 0.5).map((n) => n.id)).toEqual(['a', 'b']);
		expect(index.nearest(query, 5, 0.5)[1]!.score).toBeCloseTo(0.8, 2);
		expect(index.nearest(query, 5, -1, (_id, group) => group === 'c2').map((n) => n.id)).toEqual(['c']);
		index.remove('a');
		index.put('d', 'c2', quantize([1, 0.01, 0]));
		expect(index.nearest(query, 1).map((n) => n.id)).toEqual(['d']);
		expect(index.size).toBe(3);
	});

	it('grows past its first allocation and averages groups into centroids', () => {
		const index = new VectorIndex(2);
		for (let i = 0; i < 200; i++) index.put(`v${i}`, i % 2 ? 'odd' : 'even', quantize(i % 2 ? [0, 1] : [1, 0]));
		const centroids = index.centroids();
		expect(similarity(centroids.get('odd')!, quantize([0, 1]))).toBeCloseTo(1, 2);
		expect(similarity(centroids.get('odd')!, centroids.get('even')!)).toBeCloseTo(0, 2);
		expect(() => index.put('x', 'g', new Int8Array(3))).toThrow(/3 dimensions/);
	});
});

describe('reciprocalRankFusion', () => {
	it('ranks items found by both lists first, keeps each once, and breaks ties by first appearance', () => {
		const fused = reciprocalRankFusion([['a', 'b', 'c'], ['c', 'd']], (x) => x);
		expect(fused.map((f) => f.item)).toEqual(['c', 'a', 'b', 'd']);
		expect(fused[0]!.sources).toEqual([0, 1]);
	});
});

describe('fusePassages', () => {
	it('adds passages found by meaning to the keyword ones, ranked together, within the limit', () => {
		const chunk = (id: string) => ({ id, text: id });
		const keyword = [{ chunk: chunk('k1'), score: 9 }, { chunk: chunk('both'), score: 5 }];
		const chunks = new Map([['both', chunk('both')], ['s1', chunk('s1')]]);
		const fused = fusePassages(keyword, { ids: ['both', 's1', 'gone'], scores: [0.9, 0.8, 0.7] }, chunks, 2);
		expect(fused.map((p) => p.chunk.id)).toEqual(['both', 'k1']);
		expect(fusePassages([], { ids: ['s1'], scores: [0.8] }, chunks, 5).map((p) => p.chunk.id)).toEqual(['s1']);
	});
});
