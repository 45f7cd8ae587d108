import { describe, expect, it } from 'vitest';
import { addRange, normalizeRanges, removeRangeAt, splitRun } from './highlightRanges.ts';

describe('highlight ranges', () => {
	it('sorts, clamps and merges touching ranges', () => {
		expect(normalizeRanges([{ start: 5, end: 2 }, { start: 10, end: 99 }, { start: 1, end: 3 }], 12)).toEqual([
			{ start: 1, end: 5 },
			{ start: 10, end: 12 }
		]);
		expect(addRange([{ start: 0, end: 2 }], { start: 2, end: 4 }, 10)).toEqual([{ start: 0, end: 4 }]);
	});

	it('removes the highlight under an offset', () => {
		expect(removeRangeAt([{ start: 0, end: 2 }, { start: 5, end: 8 }], 6)).toEqual([{ start: 0, end: 2 }]);
		expect(removeRangeAt([{ start: 0, end: 2 }], 2)).toEqual([{ start: 0, end: 2 }]);
	});

	it('splits a text run into marked and plain pieces', () => {
		expect(splitRun([{ start: 2, end: 4 }, { start: 8, end: 20 }], 0, 10)).toEqual([
			{ start: 0, end: 2, marked: false },
			{ start: 2, end: 4, marked: true },
			{ start: 4, end: 8, marked: false },
			{ start: 8, end: 10, marked: true }
		]);
		expect(splitRun([{ start: 0, end: 3 }], 5, 9)).toEqual([{ start: 5, end: 9, marked: false }]);
	});
});
