// BM25 retrieval over a conversation's document passages (MiniSearch's BM25+ scoring), and
// how retrieved passages enter the model's context and come back as citations.
import MiniSearch from 'minisearch';
import type { Citation, DocumentChunk } from './types.ts';

export interface Passage {
	chunk: DocumentChunk;
	score: number;
}

/** Words too common to tell passages apart. */
const STOP_WORDS = new Set(
	'a an and are as at be but by can did do does for from had has have how i if in into is it its me my of on or our so than that the their them then there these they this to was we were what when where which who why will with you your about page document file'.split(' ')
);

export function tokenize(text: string): string[] {
	return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !STOP_WORDS.has(word));
}

export class PassageIndex {
	readonly #search = new MiniSearch<DocumentChunk>({
		fields: ['text', 'fileName'],
		storeFields: [],
		tokenize,
		processTerm: (term) => term,
		searchOptions: {
			boost: { text: 1, fileName: 0.3 },
			prefix: (term) => term.length >= 4,
			fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
			combineWith: 'OR'
		}
	});
	readonly #chunks = new Map<string, DocumentChunk>();

	get size(): number {
		return this.#chunks.size;
	}

	add(chunks: readonly DocumentChunk[]): void {
		const fresh = chunks.filter((chunk) => !this.#chunks.has(chunk.id));
		for (const chunk of fresh) this.#chunks.set(chunk.id, chunk);
		this.#search.addAll(fresh);
	}

	/** The best passages for `query`, best first; weak matches (under `minRelative` of the best) are dropped. */
	search(query: string, limit = 5, minRelative = 0.35): Passage[] {
		if (tokenize(query).length === 0) return [];
		const hits = this.#search.search(query);
		const best = hits[0]?.score ?? 0;
		const passages: Passage[] = [];
		for (const hit of hits) {
			if (passages.length >= limit || hit.score < best * minRelative) break;
			const chunk = this.#chunks.get(String(hit.id));
			if (chunk) passages.push({ chunk, score: hit.score });
		}
		return passages;
	}
}

/** One citation per (file, page), in the order the passages ranked. */
export function citationsFor(passages: readonly Passage[]): Citation[] {
	const seen = new Set<string>();
	const citations: Citation[] = [];
	for (const { chunk } of passages) {
		const key = `${chunk.attachmentId}|${chunk.page ?? ''}`;
		if (seen.has(key)) continue;
		seen.add(key);
		citations.push({ attachmentId: chunk.attachmentId, fileName: chunk.fileName, page: chunk.page, excerpt: chunk.text.slice(0, 200) });
	}
	return citations;
}

export function citationLabel(citation: Pick<Citation, 'fileName' | 'page'>): string {
	return citation.page === null ? citation.fileName : `${citation.fileName}, p. ${citation.page}`;
}

/**
 * The question with the retrieved passages before it, numbered so the model can cite them.
 * Sent instead of the bare question; the stored message keeps what the user typed.
 */
export function withPassages(question: string, passages: readonly Passage[]): string {
	if (passages.length === 0) return question;
	const blocks = passages.map(({ chunk }, i) => `[${i + 1}] (${citationLabel(chunk)})\n${chunk.text}`);
	return [
		'Excerpts from the documents attached to this conversation:',
		'',
		blocks.join('\n\n'),
		'',
		'Answer the question below using these excerpts where they help, and cite them like [1] or (file, p. N). If they do not contain the answer, say so.',
		'',
		`Question: ${question}`
	].join('\n');
}
