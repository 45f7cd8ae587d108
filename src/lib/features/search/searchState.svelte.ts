// State of the search page: what was typed, the filters, the hits, and the worker's
// progress while it builds its index. One per tab, so going back to search after opening
// a result shows the same results.
import type { EmbedClient, EmbeddingStatus } from '../../workers/embedClient.ts';
import type { SearchClient, SearchHit, SearchMode, SearchRequest, SearchStatus } from '../../workers/searchClient.ts';
import { addConversations, emptyFilters, toFilters, type FilterForm } from './searchForm.ts';

const PAGE = 50;
const DEBOUNCE_MS = 120;
const STATUS_POLL_MS = 400;
const FACETS_EVERY_MS = 2_000;

export class SearchState {
	query = $state('');
	filters = $state<FilterForm>(emptyFilters());
	hits = $state.raw<SearchHit[]>([]);
	total = $state(0);
	approximate = $state(false);
	/** Words of the last query too common to search. */
	ignored = $state.raw<string[]>([]);
	/** The query the hits are for ('' before any search). */
	searched = $state('');
	searching = $state(false);
	error = $state<string | null>(null);
	status = $state.raw<SearchStatus | null>(null);
	models = $state.raw<string[]>([]);
	/** Conversations seen in results, so the conversation filter offers them by title. */
	conversations = $state.raw<{ id: string; title: string }[]>([]);
	tags = $state.raw<string[]>([]);
	categories = $state.raw<string[]>([]);
	/** What the user chose; keyword search runs whenever embeddings are not ready. */
	mode = $state<SearchMode>('hybrid');
	/** The embedding worker's state: why semantic search is off, or its progress. */
	semantic = $state.raw<EmbeddingStatus | null>(null);

	readonly #client: SearchClient;
	readonly #embed: EmbedClient | null;
	/** The semantic matches of the current query, reused for its next pages. */
	#matches: SearchRequest['semantic'];
	#watchingSemantic = false;
	#facetsAt = 0;
	#run = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#loadingMore = false;
	#watching = false;

	constructor(client: SearchClient, embed: EmbedClient | null = null) {
		this.#client = client;
		this.#embed = embed;
	}

	get ready(): boolean {
		return this.status?.state === 'ready';
	}

	/** Messages can be searched by meaning (everything embedded so far). */
	get semanticReady(): boolean {
		return this.semantic?.state === 'ready' || this.semantic?.state === 'indexing';
	}

	/** The mode searches run in now. */
	get effectiveMode(): SearchMode {
		return this.semanticReady ? this.mode : 'keyword';
	}

	setMode(mode: SearchMode): void {
		this.mode = mode;
		void this.run();
	}

	/** The request for `query`: with its semantic matches when searching by meaning. */
	async #request(query: string, fresh: boolean): Promise<SearchRequest> {
		const mode = this.effectiveMode;
		if (mode === 'keyword' || !this.#embed) return { query, filters: toFilters(this.filters) };
		if (fresh || !this.#matches) this.#matches = await this.#embed.search(query, 200);
		return { query, filters: toFilters(this.filters), mode, semantic: this.#matches };
	}

	/** Searches shortly after the last keystroke or filter change. */
	schedule(): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
	}

	/** Searches now, replacing the hits. A later call wins over an earlier one still running. */
	async run(): Promise<void> {
		clearTimeout(this.#timer);
		const run = ++this.#run;
		const query = this.query.trim();
		this.error = null;
		if (!query) {
			this.hits = [];
			this.total = 0;
			this.approximate = false;
			this.ignored = [];
			this.searched = '';
			this.searching = false;
			return;
		}
		this.searching = true;
		try {
			const response = await this.#client.search({ ...(await this.#request(query, true)), limit: PAGE });
			if (run !== this.#run) return;
			this.hits = response.hits;
			this.total = response.total;
			this.approximate = response.approximate;
			this.ignored = response.ignored;
			this.searched = query;
			this.#remember(response.hits);
			// Tags are worked out in the background after indexing: pick up new ones now and then.
			if (Date.now() - this.#facetsAt > FACETS_EVERY_MS) void this.#refreshFacets();
		} catch (error) {
			if (run === this.#run) this.error = `Search failed: ${error instanceof Error ? error.message : String(error)}`;
		} finally {
			if (run === this.#run) this.searching = false;
		}
	}

	/** Appends the next page, when the list is scrolled near its end. */
	async more(): Promise<void> {
		if (this.#loadingMore || this.searching || !this.searched || this.hits.length >= this.total) return;
		this.#loadingMore = true;
		const run = this.#run;
		try {
			const response = await this.#client.search({ ...(await this.#request(this.searched, false)), offset: this.hits.length, limit: PAGE });
			if (run !== this.#run) return;
			this.hits = [...this.hits, ...response.hits];
			this.total = Math.max(response.total, this.hits.length);
			this.approximate = response.approximate;
			this.#remember(response.hits);
		} finally {
			this.#loadingMore = false;
		}
	}

	/**
	 * Starts the worker if needed and follows its progress until the index is ready, then
	 * searches again (the first results may have come from a partial index) and refreshes
	 * the models to filter by.
	 */
	async watch(): Promise<void> {
		if (this.#watching) return;
		this.#watching = true;
		try {
			void this.#client.start();
			for (;;) {
				const status = await this.#client.status();
				this.status = status;
				if (status.state === 'ready' || status.state === 'failed') break;
				await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
				if (this.query.trim()) await this.run();
			}
			await this.#refreshFacets();
			if (this.query.trim()) await this.run();
		} finally {
			this.#watching = false;
		}
	}

	/**
	 * Starts the embedding worker and follows it while it loads or embeds, so the page can say
	 * why semantic search is off or how far along it is; searches again once it is usable.
	 */
	async watchSemantic(): Promise<void> {
		if (this.#watchingSemantic || !this.#embed) return;
		this.#watchingSemantic = true;
		try {
			void this.#embed.start();
			for (;;) {
				const wasReady = this.semanticReady;
				this.semantic = await this.#embed.status();
				if (!wasReady && this.semanticReady && this.query.trim()) await this.run();
				if (this.semantic.state === 'ready' || this.semantic.state === 'off' || this.semantic.state === 'unavailable') break;
				await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
			}
		} finally {
			this.#watchingSemantic = false;
		}
	}

	clearFilters(): void {
		this.filters = emptyFilters();
		void this.run();
	}

	async #refreshFacets(): Promise<void> {
		this.#facetsAt = Date.now();
		const facets = await this.#client.facets();
		this.models = facets.models;
		this.tags = facets.tags;
		this.categories = facets.categories;
	}

	#remember(hits: readonly SearchHit[]): void {
		this.conversations = addConversations(this.conversations, hits);
	}
}

let instance: SearchState | undefined;

/** The tab's search state, created on first use. */
export function searchState(client: () => SearchClient, embed: (() => EmbedClient) | null = null): SearchState {
	instance ??= new SearchState(client(), embed?.() ?? null);
	return instance;
}
