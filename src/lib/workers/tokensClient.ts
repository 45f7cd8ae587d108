/**
 * The main thread's way to the token worker: one worker per tab, started on the first
 * count. Nothing here imports the tokenizer, so it never loads on the main thread. Where
 * Worker is missing (Node, very old browsers), or the worker cannot start (its script not
 * cached while offline), counting fails and the callers fall back to the estimate.
 */
import { wrap } from 'comlink';
import type { TokenCountService } from './tokens/counting.ts';

export type { TokenCountService } from './tokens/counting.ts';

const unavailable: TokenCountService = {
	count: () => Promise.reject(new Error('Exact token counting needs Web Workers, which this environment lacks.'))
};

let shared: TokenCountService | undefined;

function startWorker(): TokenCountService {
	const worker = new Worker(new URL('./tokens.worker.ts', import.meta.url), { type: 'module' });
	const remote = wrap<TokenCountService>(worker);
	// A worker that fails to load never answers: its error fails the calls in flight, and
	// the next call starts a new worker (the script may be reachable again by then).
	const broken = new Promise<never>((_, reject) => {
		worker.addEventListener(
			'error',
			(event) => {
				event.preventDefault();
				if (shared === service) shared = undefined;
				worker.terminate();
				reject(new Error(`The token worker stopped: ${event.message || 'it could not load'}`));
			},
			{ once: true }
		);
	});
	broken.catch(() => undefined);
	const service: TokenCountService = { count: (encoding, texts) => Promise.race([remote.count(encoding, texts), broken]) };
	return service;
}

/** The app-wide token counter: the worker, or an always-failing one without Worker. */
export function getTokenCountService(): TokenCountService {
	shared ??= typeof Worker === 'undefined' ? unavailable : startWorker();
	return shared;
}
