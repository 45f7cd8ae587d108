import { describe, expect, it } from 'vitest';
import { mergeKept, RowsKeptAboveReply, rowsFillingEnd } from './keptRows.ts';

describe('rows kept above a streaming reply', () => {
	it('keeps nothing before a reply streams', () => {
		const kept = new RowsKeptAboveReply();
		expect(kept.rows(500, false)).toBeUndefined();
	});

	it('keeps the two rows above the streaming last row', () => {
		const kept = new RowsKeptAboveReply();
		expect(kept.rows(502, true)).toEqual([499, 500]);
	});

	it('keeps them after the reply ends, until the thread changes length', () => {
		const kept = new RowsKeptAboveReply();
		kept.rows(502, true);
		expect(kept.rows(502, false)).toEqual([499, 500]);
		expect(kept.rows(504, false)).toBeUndefined();
		expect(kept.rows(502, false)).toBeUndefined();
	});

	it('follows the next reply', () => {
		const kept = new RowsKeptAboveReply();
		kept.rows(502, true);
		expect(kept.rows(504, true)).toEqual([501, 502]);
	});

	it('keeps what exists in a short thread', () => {
		const kept = new RowsKeptAboveReply();
		expect(kept.rows(2, true)).toEqual([0]);
		expect(kept.rows(1, true)).toEqual([]);
	});
});

describe('rows filling the end of the thread', () => {
	const sizes = [300, 120, 80, 400, 90];

	it('counts back from the last row until the room is filled, the row that crosses it included', () => {
		expect(rowsFillingEnd(5, 500, (i) => sizes[i]!)).toEqual({ first: 2, count: 3 });
		expect(rowsFillingEnd(5, 490, (i) => sizes[i]!)).toEqual({ first: 3, count: 2 });
	});

	it('holds the whole thread when it is shorter than the room, and nothing when it is empty', () => {
		expect(rowsFillingEnd(5, 10_000, (i) => sizes[i]!)).toEqual({ first: 0, count: 5 });
		expect(rowsFillingEnd(0, 500, () => 100)).toBeNull();
	});

	it('is the last row alone when it fills the room by itself', () => {
		expect(rowsFillingEnd(5, 50, (i) => sizes[i]!)).toEqual({ first: 4, count: 1 });
	});

	it('merges with the rows kept above a streaming reply, in order and once each', () => {
		expect(mergeKept([499, 500], { first: 500, count: 2 })).toEqual([499, 500, 501]);
		expect(mergeKept(undefined, { first: 7, count: 2 })).toEqual([7, 8]);
		expect(mergeKept([3, 4], null)).toEqual([3, 4]);
		expect(mergeKept(undefined, null)).toBeUndefined();
	});
});
