// Model lists change rarely and listing can be slow or rate-limited, so each provider
// configuration's list is kept for a while and concurrent callers share one request.
import type { ModelInfo } from '../protocol/chat.ts';

export interface CachedModelList {
	models: ModelInfo[];
	/** Epoch milliseconds when the list was loaded. */
	fetchedAt: number;
}

/** Where lists are kept: memory by default; the app plugs in IndexedDB to survive reloads. */
export interface ModelListStore {
	get(key: string): CachedModelList | undefined | Promise<CachedModelList | undefined>;
	set(key: string, value: CachedModelList): void | Promise<void>;
}

export interface ModelListCacheOptions {
	/** How long a list stays fresh; 0 always reloads. Default ten minutes. */
	ttlMs?: number;
	now?: () => number;
	store?: ModelListStore;
}

export const DEFAULT_MODEL_LIST_TTL_MS = 10 * 60 * 1000;

export function createMemoryModelListStore(): ModelListStore {
	const lists = new Map<string, CachedModelList>();
	return {
		get: (key) => lists.get(key),
		set: (key, value) => void lists.set(key, value)
	};
}

const defaultStore = createMemoryModelListStore();
/** In-flight loads per store, so one store's key never answers for another's. */
const inFlight = new WeakMap<ModelListStore, Map<string, Promise<ModelInfo[]>>>();

/**
 * Returns the list for `key` from the store while it is fresh, otherwise calls `load` once
 * for everyone asking meanwhile and stores the result. A failed load is not stored; the
 * next call tries again. `key` identifies a provider configuration: derive it from the
 * URL and the key's identity (a hash, an id), never the raw key, since stores persist it.
 */
export function cachedModelList(
	key: string,
	load: () => Promise<ModelInfo[]>,
	options: ModelListCacheOptions = {}
): Promise<ModelInfo[]> {
	const store = options.store ?? defaultStore;
	const ttlMs = options.ttlMs ?? DEFAULT_MODEL_LIST_TTL_MS;
	const now = options.now ?? Date.now;

	let pending = inFlight.get(store);
	if (!pending) inFlight.set(store, (pending = new Map()));
	const shared = pending.get(key);
	if (shared) return shared;

	const loading = (async () => {
		const cached = await store.get(key);
		// A clock set back makes the age negative: treat that list as stale, not fresh forever.
		const age = cached ? now() - cached.fetchedAt : Infinity;
		if (cached && age >= 0 && age < ttlMs) return cached.models;
		const models = await load();
		await store.set(key, { models, fetchedAt: now() });
		return models;
	})();
	const running = pending;
	running.set(key, loading);
	// Settled loads leave the map either way: successes are in the store, failures retry.
	void loading.then(
		() => running.delete(key),
		() => running.delete(key)
	);
	return loading;
}
