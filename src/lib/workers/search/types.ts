// What crosses between the page and the search worker.
import type { DocRole, SearchFilters } from './messageIndex.ts';

export type { SearchFilters } from './messageIndex.ts';

export interface SearchRequest {
	query: string;
	filters?: SearchFilters;
	/** Results to skip, for paging. */
	offset?: number;
	/** Results to return at most (default 50). */
	limit?: number;
	/** keyword (default): BM25 only; semantic: `semantic` only; hybrid: both, fused by rank. */
	mode?: SearchMode;
	/** Messages the embedding worker found close in meaning to the query, best first. */
	semantic?: { ids: string[]; scores: number[] };
}

export type SearchMode = 'keyword' | 'semantic' | 'hybrid';

export interface SearchHit {
	/** A message (its id) or a conversation's title. */
	kind: 'message' | 'title';
	conversationId: string;
	conversationTitle: string;
	messageId: string | null;
	role: DocRole;
	model: string | null;
	/** The message's time; for a title, the conversation's last update. */
	time: number;
	/** Escaped text with matches in <mark>: safe to render as HTML. */
	snippet: string;
	score: number;
	/** How it was found: by its words, by meaning, or both. */
	match: 'keyword' | 'semantic' | 'both';
}

export interface SearchResponse {
	hits: SearchHit[];
	/** Matches in all (a lower bound when `approximate`). */
	total: number;
	/** True when a phrase query stopped checking candidates before the end. */
	approximate: boolean;
	offset: number;
	/** Words left out as too common to search (the, of, …). */
	ignored: string[];
	/** Time the worker spent on this request. */
	tookMs: number;
}

export interface SearchStatus {
	/** starting: nothing loaded yet; loading: reading a stored index; building: indexing from scratch. */
	state: 'starting' | 'loading' | 'building' | 'ready' | 'failed';
	/** Messages indexed so far. */
	indexed: number;
	/** Messages to index, while building. */
	total: number;
	/** True when the index came from the stored copy rather than a rebuild. */
	restored: boolean;
	error?: string;
}

export interface SearchFacets {
	/** Model keys that occur, sorted. */
	models: string[];
	/** Conversation tags (the user's and automatic ones) and categories, sorted. */
	tags: string[];
	categories: string[];
}

/** The worker's API: what `search.worker.ts` exposes and `searchClient.ts` calls. */
export interface SearchApi {
	/** Loads or builds the index and starts following changes; safe to call again. */
	start(): Promise<SearchStatus>;
	status(): SearchStatus;
	search(request: SearchRequest): Promise<SearchResponse>;
	facets(): SearchFacets;
	/** Conversations sharing this one's rare words (the fallback when there are no embeddings). */
	related(conversationId: string, limit?: number): Promise<{ conversationId: string; score: number }[]>;
	/** A conversation's tags (the user's, then automatic ones) and category. */
	tagsOf(conversationId: string): Promise<{ tags: string[]; category: string | null }>;
}
