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
