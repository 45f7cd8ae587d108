// Pull to refresh, as plain logic: a downward drag that starts with the list scrolled to the
// top pulls an indicator down (damped, so it feels elastic); letting go past the threshold
// refreshes. Any upward move first, or a start away from the top, leaves it to scrolling.

export class PullGesture {
	readonly #threshold: number;
	#startY = 0;
	#tracking = false;
	/** How far the indicator is pulled, in pixels. */
	distance = 0;

	constructor(threshold: number) {
		this.#threshold = threshold;
	}

	start(y: number, atTop: boolean): void {
		this.#tracking = atTop;
		this.#startY = y;
		this.distance = 0;
	}

	/** Returns true while the gesture is a pull (the caller keeps the page from scrolling). */
	move(y: number): boolean {
		if (!this.#tracking) return false;
		const dy = y - this.#startY;
		if (dy <= 0) {
			if (this.distance === 0) this.#tracking = false;
			this.distance = 0;
			return false;
		}
		// Half the finger's travel, eased off beyond the threshold.
		const pulled = dy / 2;
		this.distance = pulled <= this.#threshold ? pulled : this.#threshold + (pulled - this.#threshold) / 3;
		return true;
	}

	/** Whether letting go now refreshes. */
	get armed(): boolean {
		return this.distance >= this.#threshold;
	}

	/** Ends the gesture; true when it should refresh. */
	end(): boolean {
		const refresh = this.#tracking && this.armed;
		this.#tracking = false;
		this.distance = 0;
		return refresh;
	}
}
