// Embedding vectors kept in memory for nearest-neighbour search: unit vectors stored as 8-bit
// integers (a quarter of Float32, ~0.5 % error on a cosine), scanned linearly. At 100,000
// messages of 384 dimensions that is 37 MB and a scan of tens of milliseconds — no
// approximate index needed at this size (decision 0023).

const SCALE = 127;

/** A unit vector as 8-bit integers (the vector is normalized first). */
export function quantize(vector: ArrayLike<number>): Int8Array {
	let norm = 0;
	for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
	norm = Math.sqrt(norm) || 1;
	const out = new Int8Array(vector.length);
	for (let i = 0; i < vector.length; i++) out[i] = Math.round((vector[i]! / norm) * SCALE);
	return out;
}

export interface Neighbour {
	id: string;
	/** Cosine similarity, -1 to 1. */
	score: number;
}

export class VectorIndex {
	readonly dims: number;
	#data: Int8Array;
	#ids: (string | null)[] = [];
	#groups: (string | null)[] = [];
	readonly #slots = new Map<string, number>();
	readonly #free: number[] = [];

	constructor(dims: number) {
		this.dims = dims;
		this.#data = new Int8Array(dims * 64);
	}

	get size(): number {
		return this.#slots.size;
	}

	has(id: string): boolean {
		return this.#slots.has(id);
	}

	ids(): string[] {
		return [...this.#slots.keys()];
	}

	/** Adds or replaces `id`'s vector; `group` is its conversation. */
	put(id: string, group: string, vector: Int8Array): void {
		if (vector.length !== this.dims) throw new Error(`Vector of ${vector.length} dimensions in an index of ${this.dims}`);
		let slot = this.#slots.get(id) ?? this.#free.pop();
		if (slot === undefined) {
			slot = this.#ids.length;
			this.#ids.push(null);
			this.#groups.push(null);
			if ((slot + 1) * this.dims > this.#data.length) {
				const grown = new Int8Array(this.#data.length * 2);
				grown.set(this.#data);
				this.#data = grown;
			}
		}
		this.#data.set(vector, slot * this.dims);
		this.#ids[slot] = id;
		this.#groups[slot] = group;
		this.#slots.set(id, slot);
	}

	remove(id: string): void {
		const slot = this.#slots.get(id);
		if (slot === undefined) return;
		this.#slots.delete(id);
		this.#ids[slot] = null;
		this.#groups[slot] = null;
		this.#free.push(slot);
	}

	/** The `k` most similar vectors with at least `minScore`, best first; `accept` filters by id and group. */
	nearest(query: Int8Array, k: number, minScore = -1, accept?: (id: string, group: string) => boolean): Neighbour[] {
		const data = this.#data;
		const scale = SCALE * SCALE;
		const found: Neighbour[] = [];
		let floor = minScore;
		for (let slot = 0; slot < this.#ids.length; slot++) {
			const id = this.#ids[slot];
			if (id === null || id === undefined) continue;
			const score = dotAt(data, slot * this.dims, query) / scale;
			if (score < floor) continue;
			if (accept && !accept(id, this.#groups[slot]!)) continue;
			found.push({ id, score });
			if (found.length > k * 4) {
				found.sort((a, b) => b.score - a.score);
				found.length = k;
				floor = Math.max(floor, found[k - 1]!.score);
			}
		}
		return found.sort((a, b) => b.score - a.score).slice(0, k);
	}

	/** The mean direction of each group's vectors, quantized: a conversation in one vector. */
	centroids(accept?: (id: string) => boolean): Map<string, Int8Array> {
		const sums = new Map<string, Float64Array>();
		for (let slot = 0; slot < this.#ids.length; slot++) {
			const id = this.#ids[slot];
			const group = this.#groups[slot];
			if (id === null || id === undefined || group === null || group === undefined || (accept && !accept(id))) continue;
			let sum = sums.get(group);
			if (!sum) sums.set(group, (sum = new Float64Array(this.dims)));
			const base = slot * this.dims;
			for (let i = 0; i < this.dims; i++) sum[i]! += this.#data[base + i]!;
		}
		const centroids = new Map<string, Int8Array>();
		for (const [group, sum] of sums) centroids.set(group, quantize(sum));
		return centroids;
	}
}

/** Cosine of two quantized unit vectors. */
export function similarity(a: Int8Array, b: Int8Array): number {
	let dot = 0;
	for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
	return dot / (SCALE * SCALE);
}

/** `query` · the vector at `base` of `data`, four lanes at a time (the scan's hot loop). */
function dotAt(data: Int8Array, base: number, query: Int8Array): number {
	const dims = query.length;
	let a = 0;
	let b = 0;
	let c = 0;
	let d = 0;
	let i = 0;
	for (; i + 3 < dims; i += 4) {
		a += data[base + i]! * query[i]!;
		b += data[base + i + 1]! * query[i + 1]!;
		c += data[base + i + 2]! * query[i + 2]!;
		d += data[base + i + 3]! * query[i + 3]!;
	}
	for (; i < dims; i++) a += data[base + i]! * query[i]!;
	return a + b + c + d;
}
