// Starting a module worker behind comlink so that its failure is heard. A worker whose script
// does not load (offline, not cached) or that stops with an error never answers, and comlink
// would wait forever: `failed` rejects then, the caller's calls race it, and the next use can
// start a new worker (the script may be reachable again by then).
import { wrap, type Remote } from 'comlink';

export interface ModuleWorker<Api> {
	api: Remote<Api>;
	/** Rejects with `Error(message(detail))` once the worker cannot start or has stopped. */
	failed: Promise<never>;
}

/**
 * Starts the worker `create` makes (it must be `new Worker(new URL('…', import.meta.url), …)`
 * written out, which is how Vite finds and bundles a worker). `message` words the failure for
 * the user, given the browser's detail (may be empty); `onFailed` runs first, to forget this
 * worker.
 */
export function startModuleWorker<Api>(create: () => Worker, message: (detail: string) => string, onFailed: () => void): ModuleWorker<Api> {
	const worker = create();
	const failed = new Promise<never>((_, reject) => {
		worker.addEventListener(
			'error',
			(event) => {
				event.preventDefault();
				onFailed();
				worker.terminate();
				reject(new Error(message(event instanceof ErrorEvent ? event.message : '')));
			},
			{ once: true }
		);
	});
	failed.catch(() => undefined);
	return { api: wrap<Api>(worker), failed };
}
