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
