// Highlights are stored as character ranges over a message's rendered text (its
// textContent after sanitizing), so they survive re-rendering and need no HTML of their own.

export interface HighlightRange {
	start: number;
	end: number;
}

/** Most highlights kept on one message. */
export const MAX_HIGHLIGHTS = 200;

/** Sorted, merged, non-empty ranges inside [0, length]. */
export function normalizeRanges(ranges: readonly HighlightRange[], length: number): HighlightRange[] {
	const clean = ranges
		.map(({ start, end }) => ({ start: Math.max(0, Math.min(start, end)), end: Math.min(length, Math.max(start, end)) }))
		.filter((range) => Number.isInteger(range.start) && Number.isInteger(range.end) && range.end > range.start)
		.sort((a, b) => a.start - b.start);
	const merged: HighlightRange[] = [];
	for (const range of clean) {
		const last = merged[merged.length - 1];
		if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
		else merged.push({ ...range });
	}
	return merged.slice(0, MAX_HIGHLIGHTS);
}

/** Adds a range (merging any it touches). */
export function addRange(ranges: readonly HighlightRange[], range: HighlightRange, length: number): HighlightRange[] {
	return normalizeRanges([...ranges, range], length);
}

/** Removes the highlight that contains `offset`, if any. */
export function removeRangeAt(ranges: readonly HighlightRange[], offset: number): HighlightRange[] {
	return ranges.filter((range) => !(offset >= range.start && offset < range.end));
}

/** Pieces of a text run [from, to) with whether each is highlighted, for wrapping text nodes. */
export function splitRun(ranges: readonly HighlightRange[], from: number, to: number): Array<{ start: number; end: number; marked: boolean }> {
	const pieces: Array<{ start: number; end: number; marked: boolean }> = [];
	let at = from;
	for (const range of ranges) {
		if (range.end <= at || range.start >= to) continue;
		if (range.start > at) pieces.push({ start: at, end: range.start, marked: false });
		const end = Math.min(range.end, to);
		pieces.push({ start: Math.max(range.start, at), end, marked: true });
		at = end;
	}
	if (at < to) pieces.push({ start: at, end: to, marked: false });
	return pieces;
}
