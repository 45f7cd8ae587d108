// Horizontal swipe on a list row, as plain logic so it is tested without a browser: the
// first few pixels decide the axis (a vertical move is left to scrolling), the row follows
// the finger, and letting go past the threshold picks the action for that side.

export type SwipeSide = 'left' | 'right';

/** Pixels of movement before the gesture commits to an axis. */
const AXIS_SLOP = 10;

export class SwipeGesture {
	readonly #threshold: number;
	#startX = 0;
	#startY = 0;
	#axis: 'x' | 'y' | null = null;
	#active = false;
	/** How far the row is dragged, negative to the left. */
	offset = 0;

	/** @param threshold pixels to drag before letting go triggers the action */
	constructor(threshold: number) {
		this.#threshold = threshold;
	}

	start(x: number, y: number): void {
		this.#startX = x;
		this.#startY = y;
		this.#axis = null;
		this.#active = true;
		this.offset = 0;
	}

	/** Returns true once the gesture is a horizontal swipe (the caller stops other handling). */
	move(x: number, y: number): boolean {
		if (!this.#active) return false;
		const dx = x - this.#startX;
		const dy = y - this.#startY;
		if (this.#axis === null) {
			if (Math.abs(dx) < AXIS_SLOP && Math.abs(dy) < AXIS_SLOP) return false;
			this.#axis = Math.abs(dx) > Math.abs(dy) ? 'x' : 'y';
		}
		if (this.#axis !== 'x') return false;
		this.offset = dx;
		return true;
	}

	/** The side whose action to run, or null (too short, vertical, or cancelled). */
	end(): SwipeSide | null {
		const swiped = this.#active && this.#axis === 'x' && Math.abs(this.offset) >= this.#threshold;
		const side: SwipeSide | null = swiped ? (this.offset < 0 ? 'left' : 'right') : null;
		this.cancel();
		return side;
	}

	cancel(): void {
		this.#active = false;
		this.#axis = null;
		this.offset = 0;
	}

	/** Whether the current move has become a horizontal swipe. */
	get swiping(): boolean {
		return this.#active && this.#axis === 'x';
	}

	/** How far towards the threshold the row is, 0..1, for the reveal behind it. */
	get progress(): number {
		return Math.min(1, Math.abs(this.offset) / this.#threshold);
	}
}
