// Reciprocal rank fusion: merges ranked lists (keyword BM25 and semantic similarity) by rank
// alone, so scores on different scales need no calibration (Cormack et al., 2009).

/** The constant of RRF: larger flattens the advantage of the top ranks. 60 is the usual choice. */
export const RRF_K = 60;

export interface Fused<T> {
	item: T;
	/** Sum of 1 / (k + rank) over the lists the item is in (rank from 1). */
	score: number;
	/** Which lists it came from, by their index in the input. */
	sources: number[];
}

/**
 * One list, best first, of every item in `lists` (keyed by `key`); an item's first
 * occurrence, in list order, is the one kept. Ties keep the order of first appearance.
 */
export function reciprocalRankFusion<T>(lists: readonly (readonly T[])[], key: (item: T) => string, k = RRF_K): Fused<T>[] {
	const fused = new Map<string, Fused<T>>();
	lists.forEach((list, source) => {
		list.forEach((item, rank) => {
			const id = key(item);
			const known = fused.get(id);
			const add = 1 / (k + rank + 1);
			if (known) {
				known.score += add;
				known.sources.push(source);
			} else {
				fused.set(id, { item, score: add, sources: [source] });
			}
		});
	});
	return [...fused.values()].sort((a, b) => b.score - a.score);
}

/** A passage as retrieval returns it (core/documents/retrieval.ts's Passage, by shape). */
export interface RankedPassage<C extends { id: string }> {
	chunk: C;
	score: number;
}

/**
 * Document retrieval with meaning: BM25's passages and the embedding worker's nearest ones
 * (`semantic`, ids best first, their chunks in `chunks`), fused by rank, the best `limit`.
 */
export function fusePassages<C extends { id: string }>(
	keyword: readonly RankedPassage<C>[],
	semantic: { ids: readonly string[]; scores: readonly number[] },
	chunks: ReadonlyMap<string, C>,
	limit: number
): RankedPassage<C>[] {
	const byMeaning = semantic.ids.flatMap((id, i) => {
		const chunk = chunks.get(id);
		return chunk ? [{ chunk, score: semantic.scores[i] ?? 0 }] : [];
	});
	return reciprocalRankFusion([keyword, byMeaning], (passage) => passage.chunk.id)
		.slice(0, limit)
		.map(({ item, score }) => ({ chunk: item.chunk, score }));
}
