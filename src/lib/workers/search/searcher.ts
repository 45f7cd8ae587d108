// From a request to a page of highlighted hits: ask the index for ranked candidates, keep
// those that contain every quoted phrase, and cut snippets from the page's texts.
import { reciprocalRankFusion } from '../../core/embeddings/fusion.ts';
import { isTitleDoc, type Candidate, type MessageIndex } from './messageIndex.ts';
import { parseQuery, type ParsedQuery } from './query.ts';
import { snippet } from './snippet.ts';
import { phraseText } from './text.ts';
import type { SearchHit, SearchRequest, SearchResponse } from './types.ts';

/** Message texts by id, in order; undefined for one that is gone. */
export type LoadTexts = (ids: string[]) => Promise<(string | undefined)[]>;

export const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
/** Phrase checks read texts in chunks, and stop after this many candidates. */
const PHRASE_CHUNK = 500;
const PHRASE_SCAN_LIMIT = 5_000;

/** A candidate and how it was found. */
type Found = Candidate & { match: SearchHit['match'] };

interface CachedQuery {
	key: string;
	generation: number;
	candidates: Found[];
	/** Candidates that passed the phrase check, for phrase queries. */
	verified: Found[];
	scanned: number;
}

export class Searcher {
	readonly #loadTexts: LoadTexts;
	#index: MessageIndex;
	#generation = 0;
	/** The last query's candidates, so the next page does not search again. */
	#cache: CachedQuery | null = null;

	constructor(index: MessageIndex, loadTexts: LoadTexts) {
		this.#index = index;
		this.#loadTexts = loadTexts;
	}

	/** Call after the index changed (or was replaced): cached candidates are stale. */
	changed(index: MessageIndex = this.#index): void {
		this.#index = index;
		this.#generation++;
	}

	async search(request: SearchRequest): Promise<SearchResponse> {
		const started = performance.now();
		const offset = Math.max(0, Math.floor(request.offset ?? 0));
		const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(request.limit ?? DEFAULT_LIMIT)));
		const query = parseQuery(request.query);
		const key = JSON.stringify([request.query, request.filters ?? {}, request.mode ?? 'keyword', request.semantic?.ids ?? []]);
		let entry = this.#cache;
		if (!entry || entry.key !== key || entry.generation !== this.#generation) {
			entry = { key, generation: this.#generation, candidates: this.#candidates(query, request), verified: [], scanned: 0 };
			this.#cache = entry;
		}

		let page: Found[];
		let total: number;
		let approximate = false;
		if (query.phrases.length === 0) {
			page = entry.candidates.slice(offset, offset + limit);
			total = entry.candidates.length;
		} else {
			const end = Math.min(entry.candidates.length, PHRASE_SCAN_LIMIT);
			while (entry.verified.length < offset + limit && entry.scanned < end) {
				const chunk = entry.candidates.slice(entry.scanned, Math.min(end, entry.scanned + PHRASE_CHUNK));
				entry.scanned += chunk.length;
				const texts = await this.#texts(chunk);
				chunk.forEach((candidate, i) => {
					const text = texts[i];
					if (text === undefined) return;
					const words = phraseText(text);
					if (query.phrases.every((phrase) => words.includes(phrase))) entry.verified.push(candidate);
				});
			}
			page = entry.verified.slice(offset, offset + limit);
			total = entry.verified.length;
			approximate = entry.scanned < entry.candidates.length;
		}

		const texts = await this.#texts(page);
		const hits: SearchHit[] = [];
		page.forEach((candidate, i) => {
			const text = texts[i];
			if (text !== undefined) hits.push(this.#hit(candidate, text, query.phrases));
		});
		return { hits, total, approximate, offset, ignored: query.ignored, tookMs: performance.now() - started };
	}

	/** Keyword candidates, semantic ones, or both fused by rank (a hit found both ways keeps its matched words). */
	#candidates(query: ParsedQuery, request: SearchRequest): Found[] {
		const mode = request.semantic ? (request.mode ?? 'keyword') : 'keyword';
		const keyword: Found[] = mode === 'semantic' ? [] : this.#index.search(query, request.filters).map((c) => ({ ...c, match: 'keyword' }));
		if (mode === 'keyword' || !request.semantic) return keyword;
		const semantic: Found[] = this.#index
			.candidatesFor(request.semantic.ids, request.semantic.scores, request.filters)
			.map((c) => ({ ...c, match: 'semantic' }));
		if (mode === 'semantic') return semantic;
		return reciprocalRankFusion([keyword, semantic], (c) => c.id).map(({ item, score, sources }) => ({
			...item,
			score,
			match: sources.length > 1 ? 'both' : item.match
		}));
	}

	async #texts(candidates: readonly Candidate[]): Promise<(string | undefined)[]> {
		const messageIds = candidates.filter((c) => !isTitleDoc(c.id)).map((c) => c.id);
		const loaded = messageIds.length > 0 ? await this.#loadTexts(messageIds) : [];
		let next = 0;
		return candidates.map((c) => (isTitleDoc(c.id) ? this.#index.conversation(c.meta.conversationId)?.title : loaded[next++]));
	}

	#hit(candidate: Found, text: string, phrases: readonly string[]): SearchHit {
		const { meta } = candidate;
		const conversation = this.#index.conversation(meta.conversationId);
		const title = isTitleDoc(candidate.id);
		return {
			kind: title ? 'title' : 'message',
			conversationId: meta.conversationId,
			conversationTitle: conversation?.title ?? 'Untitled',
			messageId: title ? null : candidate.id,
			role: meta.role,
			model: meta.model ?? conversation?.model ?? null,
			time: title ? (conversation?.updatedAt ?? meta.createdAt) : meta.createdAt,
			// A phrase is marked whole, its common words too (they are not index terms).
			snippet: snippet(text, new Set(candidate.terms), { phrases }),
			score: candidate.score,
			match: candidate.match
		};
	}
}
