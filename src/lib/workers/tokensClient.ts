/**
 * The main thread's way to the token worker: one worker per tab, started on the first
 * count or plan. Nothing here imports the tokenizer or the planner, so neither loads on the
 * main thread. Where Worker is missing (Node, very old browsers), or the worker cannot start
 * (its script not cached while offline), calls fail: the send path falls back to the
 * estimate, the budget line says it could not count.
 */
import type { Encoding } from '../core/tokens.ts';
import { startModuleWorker } from './moduleWorker.ts';
import type { TokenCountService } from './tokens/counting.ts';
import type { BudgetService } from './tokens/planning.ts';

export type { TokenCountService } from './tokens/counting.ts';
export type { BudgetRequest, BudgetService, BudgetView } from './tokens/planning.ts';

type TokenWorker = TokenCountService & BudgetService;

const missing = () => Promise.reject(new Error('Token counting needs Web Workers, which this environment lacks.'));
const unavailable: TokenWorker = { count: missing, plan: missing };

let shared: TokenWorker | undefined;
/** Exact encodings the running worker has loaded (a plan of its came back fully counted). */
const loadedInWorker = new Set<Encoding>();

function startWorker(): TokenWorker {
	// A worker that fails to load fails the calls in flight, and the next call starts a new one.
	const { api: remote, failed: broken } = startModuleWorker<TokenWorker>(
		() => new Worker(new URL('./tokens.worker.ts', import.meta.url), { type: 'module' }),
		(detail) => `The token worker stopped: ${detail || 'it could not load'}`,
		() => {
			if (shared === service) {
				shared = undefined;
				loadedInWorker.clear();
			}
		}
	);
	const service: TokenWorker = {
		count: (encoding, texts, keys) => Promise.race([remote.count(encoding, texts, keys), broken]),
		async plan(request, wait) {
			const view = await Promise.race([remote.plan(request, wait), broken]);
			if (view.encoding !== 'estimate' && view.uncounted === 0 && shared === service) loadedInWorker.add(view.encoding);
			return view;
		}
	};
	return service;
}

function tokenWorker(): TokenWorker {
	shared ??= typeof Worker === 'undefined' ? unavailable : startWorker();
	return shared;
}

/** The app-wide token counter: the worker, or an always-failing one without Worker. */
export function getTokenCountService(): TokenCountService {
	return tokenWorker();
}

/** The budget line's planner, in the same worker. */
export function getBudgetService(): BudgetService {
	return tokenWorker();
}

/** Whether the token worker has `encoding` loaded already, so counting with it is a quick round trip. */
export function workerHasLoaded(encoding: Encoding): boolean {
	return loadedInWorker.has(encoding);
}
