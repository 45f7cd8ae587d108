/**
 * The main thread's way to the search worker: one worker per tab, started once. Where
 * Worker is unavailable the service runs on the calling thread, loaded on first use.
 */
import { wrap } from 'comlink';
import type { SearchFacets, SearchRequest, SearchResponse, SearchStatus } from './search/types.ts';

export type { SearchFacets, SearchFilters, SearchHit, SearchMode, SearchRequest, SearchResponse, SearchStatus } from './search/types.ts';

/** The service's methods, asynchronous because they cross a thread. */
export interface SearchClient {
	start(): Promise<SearchStatus>;
	status(): Promise<SearchStatus>;
	search(request: SearchRequest): Promise<SearchResponse>;
	facets(): Promise<SearchFacets>;
	related(conversationId: string, limit?: number): Promise<{ conversationId: string; score: number }[]>;
	tagsOf(conversationId: string): Promise<{ tags: string[]; category: string | null }>;
}

function createWorkerClient(): SearchClient {
	return wrap<SearchClient>(new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' }));
}

function createMainThreadClient(): SearchClient {
	let service: Promise<import('./search/service.ts').SearchService> | undefined;
	const load = () =>
		(service ??= Promise.all([import('./search/service.ts'), import('./search/snapshotStore.ts'), import('../db/database.ts')]).then(
			([{ SearchService }, { SnapshotStore }, { database }]) => new SearchService({ db: database(), store: new SnapshotStore() })
		));
	return {
		start: async () => (await load()).start(),
		status: async () => (await load()).status(),
		search: async (request) => (await load()).search(request),
		facets: async () => (await load()).facets(),
		related: async (conversationId, limit) => (await load()).related(conversationId, limit),
		tagsOf: async (conversationId) => (await load()).tagsOf(conversationId)
	};
}

let shared: SearchClient | undefined;

/** The app-wide search client: the worker, or the main thread without Worker. */
export function getSearchClient(): SearchClient {
	shared ??= typeof Worker === 'undefined' ? createMainThreadClient() : createWorkerClient();
	return shared;
}
