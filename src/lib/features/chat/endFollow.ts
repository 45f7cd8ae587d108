// Whether the thread follows its end (MessageList; decision 0047). It stops when the reader
// moves the view up away from the end and follows again once the view is back near the end.
//
// A view moving up is not always the reader: a row that shrinks for a moment as its final render
// replaces its streamed one makes the browser pull the offset up to fit, and the row growing back
// leaves the view short of the end. The scroll event alone cannot tell the two apart, and comes
// before the frame's size changes are measured. So a move up away from the end stops following
// at once (the next follow must not undo a reader's scroll), and is taken back once that frame's
// size changes are in if it was layout's: rows or the view changed size around it and the reader
// had not touched the thread (wheel, touch, keys, a pointer on it).

/** Within this of the end, the view is at the end (px). */
export const NEAR_END = 48;
/** A wheel, touch, key or pointer on the thread this recent (ms) makes a move up the reader's. */
export const INPUT_WINDOW = 1_000;
/** A size change this recent (ms) makes an untouched move up layout's. */
export const RESIZE_WINDOW = 500;

export interface ScrollPosition {
	offset: number;
	viewport: number;
	height: number;
}

export class EndFollower {
	/** The view keeps to the end as the thread grows. */
	following = true;
	#lastOffset = 0;
	#inputAt = -Infinity;
	#held = false;
	#resizedAt = -Infinity;
	/** After a stop not yet settled: whether the move up was the reader's. */
	#stoppedByReader: boolean | null = null;

	/** The reader used the thread: `held` while a pointer stays down on it (its scrollbar dragged). */
	input(now: number, held?: boolean): void {
		this.#inputAt = now;
		if (held !== undefined) this.#held = held;
	}

	/**
	 * The reader asked to go down to the end: a wheel turn that reaches it from `position` (read
	 * as the wheel turns, before the view moves), or the End key. Following starts again at
	 * once: a reply growing in the same frame left the scroll event short of the end.
	 */
	toEnd(now: number, wheel?: { deltaY: number; position: ScrollPosition }): void {
		this.input(now);
		if (wheel) {
			const { deltaY, position } = wheel;
			if (deltaY <= 0 || position.offset + position.viewport + deltaY < position.height - NEAR_END) return;
		}
		this.following = true;
		this.#stoppedByReader = null;
	}

	/** Rows or the view changed size. */
	resized(now: number): void {
		this.#resizedAt = now;
	}

	/** A scroll event. True when following stopped and `settle` must be called once the frame's sizes are in. */
	scrolled({ offset, viewport, height }: ScrollPosition, now: number): boolean {
		const movedUp = offset < this.#lastOffset - 1;
		this.#lastOffset = offset;
		if (offset + viewport >= height - NEAR_END) {
			this.following = true;
			this.#stoppedByReader = null;
			return false;
		}
		if (!movedUp || !this.following) return false;
		this.following = false;
		this.#stoppedByReader = this.#held || now - this.#inputAt < INPUT_WINDOW;
		return true;
	}

	/** After a stop: true when the move up was layout's and following resumed (bring the end back). */
	settle(now: number): boolean {
		const byReader = this.#stoppedByReader;
		this.#stoppedByReader = null;
		if (byReader !== false || now - this.#resizedAt > RESIZE_WINDOW) return false;
		this.following = true;
		return true;
	}

	/** Following stops for a jump away from the end (a search result). */
	stop(): void {
		this.following = false;
		this.#stoppedByReader = null;
	}
}
