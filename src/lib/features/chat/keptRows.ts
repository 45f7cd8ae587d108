// Which rows of the thread virtua must keep mounted off screen while a reply streams in at
// the end (MessageList; decision 0037). Following the end scrolls down, and virtua keeps the
// rows in its buffer above the viewport only while not scrolling down: the row just above
// the reply left the DOM at each scroll and came back at each pause (and on the send, when
// the new rows are first placed at a guessed height), a long reply being thousands of
// elements rebuilt and laid out each time.

/** How many rows above the streaming reply stay mounted: the message it answers and the one before. */
export const KEPT_ABOVE = 2;

/**
 * Remembers the thread length at which a reply last streamed in at the end, and keeps the
 * rows above it mounted until the thread's length changes (a new message, another branch):
 * through the reply and after it ends, so ending is not one more unmount of a long row.
 */
export class RowsKeptAboveReply {
	#length = -1;

	/** The indexes to keep mounted for a thread of `length` rows; `streaming` while its last row streams. */
	rows(length: number, streaming: boolean): number[] | undefined {
		if (streaming) this.#length = length;
		if (this.#length !== length) {
			this.#length = -1;
			return undefined;
		}
		const rows: number[] = [];
		for (let index = Math.max(0, length - 1 - KEPT_ABOVE); index < length - 1; index++) rows.push(index);
		return rows;
	}
}

/** The last rows of a thread, `first` to its end, `count` of them. */
export interface EndRows {
	first: number;
	count: number;
}

/**
 * The rows at the end of a thread of `length` rows that fill `room` pixels (the view and the
 * buffer above it), measured back from the last row with `size`; null for an empty thread.
 */
export function rowsFillingEnd(length: number, room: number, size: (index: number) => number): EndRows | null {
	if (length === 0) return null;
	let first = length - 1;
	let filled = size(first);
	while (first > 0 && filled < room) filled += size(--first);
	return { first, count: length - first };
}

/** The rows to keep mounted: those above a streaming reply and those filling the end, in order. */
export function mergeKept(aboveReply: number[] | undefined, end: EndRows | null): number[] | undefined {
	if (!end) return aboveReply;
	const rows = new Set(aboveReply);
	for (let index = end.first; index < end.first + end.count; index++) rows.add(index);
	return [...rows].sort((a, b) => a - b);
}
