// Ends the current task and goes on in a new one: `scheduler.yield()` where the browser has it
// (the continuation runs ahead of other queued tasks), a zero-delay timer elsewhere. For
// splitting start-up work whose pieces must each stay short (decision 0043); not a delay.
interface Scheduler {
	yield?: () => Promise<void>;
}

export function nextTask(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
	if (scheduler?.yield) return scheduler.yield();
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/** What `afterOpening` needs of a database (Dexie's `isOpen` and `open`). */
export interface Opening {
	isOpen(): boolean;
	open(): Promise<unknown>;
}

/**
 * Resolves once `db` is open. At startup it is still opening, and every query waiting for it
 * starts inside the open's own task: a caller that waits here starts in a task after that one
 * instead, so the open's task stays short (decision 0043). Once open, it resolves at once.
 */
export async function afterOpening(db: Opening): Promise<void> {
	if (db.isOpen()) return;
	await db.open();
	await nextTask();
}

type Start = () => void | (() => void);
interface Queued {
	start: Start;
	stop?: () => void;
	cancelled: boolean;
}
let pending: Queued[] | null = null;

/**
 * Runs `start` in a task after the current one; every start asked for in the same task runs
 * together in that one next task, each on its own (one that throws is logged and does not keep
 * the others from running). For start-up work that a component's mount would otherwise carry
 * (decision 0044): the mount's task ends first. Returns a function that cancels the start if it has not
 * run yet, or calls the stop function it returned.
 */
export function inNextTask(start: Start): () => void {
	const entry: Queued = { start, cancelled: false };
	if (!pending) {
		const batch: Queued[] = (pending = []);
		void nextTask().then(() => {
			pending = null;
			for (const item of batch) {
				if (item.cancelled) continue;
				try {
					item.stop = item.start() ?? undefined;
				} catch (error) {
					console.error('A start-up task failed:', error);
				}
			}
		});
	}
	pending.push(entry);
	return () => {
		entry.cancelled = true;
		entry.stop?.();
	};
}
