// Startup work that the first screen does not need (registering the service worker, loading
// the sync engine) waits until the page has loaded and the main thread is idle, so it adds
// neither bytes nor long tasks before the first paint (decision 0022).

/** Runs `task` after the load event, in an idle period (at the latest `timeoutMs` later). */
export function whenIdle(task: () => void, timeoutMs = 2_000): () => void {
	let cancelled = false;
	let idleHandle: number | undefined;
	const run = () => {
		if (!cancelled) task();
	};
	const schedule = () => {
		idleHandle =
			typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: timeoutMs }) : window.setTimeout(run, 1);
	};
	if (document.readyState === 'complete') schedule();
	else window.addEventListener('load', schedule, { once: true });
	return () => {
		cancelled = true;
		window.removeEventListener('load', schedule);
		if (idleHandle !== undefined && typeof cancelIdleCallback === 'function') cancelIdleCallback(idleHandle);
	};
}
