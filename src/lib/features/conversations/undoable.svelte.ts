// One pending undoable action at a time (swipe to archive or delete): the toast offers Undo
// for a few seconds; a second action settles the first at once. Delete is the kind that
// only happens when the window closes, so Undo has nothing to put back.

export const UNDO_WINDOW_MS = 5_000;

export interface UndoableAction {
	/** What the toast says, e.g. "Deleted “Trip plan”". */
	message: string;
	/** Puts things back as they were. */
	undo: () => Promise<void> | void;
	/** Makes it final when the window closes without Undo (may be a no-op). */
	commit?: () => Promise<void> | void;
}

export class Undoable {
	current = $state<UndoableAction | null>(null);
	/** A failure while undoing or committing, in words for the user. */
	error = $state<string | null>(null);
	readonly #windowMs: number;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(windowMs = UNDO_WINDOW_MS) {
		this.#windowMs = windowMs;
	}

	/** Shows `action`'s toast; a previous pending action is committed first. */
	async offer(action: UndoableAction): Promise<void> {
		await this.settle();
		this.error = null;
		this.current = action;
		this.#timer = setTimeout(() => void this.settle(), this.#windowMs);
	}

	async undo(): Promise<void> {
		const action = this.#take();
		if (action) await this.#run(() => action.undo(), 'Could not undo');
	}

	/** Commits the pending action now (its window closed, or another action came). */
	async settle(): Promise<void> {
		const action = this.#take();
		if (action?.commit) await this.#run(action.commit, 'Could not finish');
	}

	#take(): UndoableAction | null {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		const action = this.current;
		this.current = null;
		return action;
	}

	async #run(step: () => Promise<void> | void, failure: string): Promise<void> {
		try {
			await step();
		} catch (error) {
			this.error = `${failure}: ${error instanceof Error ? error.message : String(error)}`;
		}
	}
}

let instance: Undoable | undefined;

/** The app's one undo slot. */
export function undoable(): Undoable {
	instance ??= new Undoable();
	return instance;
}
