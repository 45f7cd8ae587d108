// State of the search page: what was typed, the filters, the hits, and the worker's
// progress while it builds its index. One per tab, so going back to search after opening
// a result shows the same results.
import type { SearchClient, SearchHit, SearchStatus } from '../../workers/searchClient.ts';
import { addConversations, emptyFilters, toFilters, type FilterForm } from './searchForm.ts';

const PAGE = 50;
const DEBOUNCE_MS = 120;
const STATUS_POLL_MS = 400;

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

	readonly #client: SearchClient;
	#run = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#loadingMore = false;
	#watching = false;

	constructor(client: SearchClient) {
		this.#client = client;
	}

	get ready(): boolean {
		return this.status?.state === 'ready';
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
			const response = await this.#client.search({ query, filters: toFilters(this.filters), limit: PAGE });
			if (run !== this.#run) return;
			this.hits = response.hits;
			this.total = response.total;
			this.approximate = response.approximate;
			this.ignored = response.ignored;
			this.searched = query;
			this.#remember(response.hits);
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
			const response = await this.#client.search({
				query: this.searched,
				filters: toFilters(this.filters),
				offset: this.hits.length,
				limit: PAGE
			});
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
			this.models = (await this.#client.facets()).models;
			if (this.query.trim()) await this.run();
		} finally {
			this.#watching = false;
		}
	}

	clearFilters(): void {
		this.filters = emptyFilters();
		void this.run();
	}

	#remember(hits: readonly SearchHit[]): void {
		this.conversations = addConversations(this.conversations, hits);
	}
}

let instance: SearchState | undefined;

/** The tab's search state, created on first use. */
export function searchState(client: () => SearchClient): SearchState {
	instance ??= new SearchState(client());
	return instance;
}
