// How message text becomes search terms. Indexing, querying and highlighting all go
// through here, so a word is found, and marked, the same way everywhere.

/** Runs of letters, digits and underscores: `ERR_SOCKET_TIMEOUT` stays one word. */
const WORD = /[\p{L}\p{N}_]+/gu;
/** Worth splitting: underscores, camelCase humps, ALLCAPS before a hump, letters by digits. */
const COMPOUND = /_|\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}|\p{L}\p{N}|\p{N}\p{L}/u;
/** The parts of a compound word. */
const PART = /\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+|\p{L}+/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
const MARKS = /\p{M}+/gu;
const DIGIT = /\p{N}/u;

/** Lower case without accents, so `Café` and `cafe` are one term. */
export function normalizeTerm(term: string): string {
	return NON_ASCII.test(term) ? term.normalize('NFD').replace(MARKS, '').toLowerCase() : term.toLowerCase();
}

/** One letter words (`a`, `I`) match everything and mean nothing; numbers always count. */
const meaningful = (word: string): boolean => word.length > 1 || DIGIT.test(word);

/**
 * English function words (NLTK's list, without contractions). They are in nearly every
 * message, so they are not indexed: a query for "the" would score every message, and
 * these words alone are a third of the index. Phrases still match them word for word,
 * since phrases are checked against the text itself.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
	`i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
	it its itself they them their theirs themselves what which who whom this that these those am is are was were be
	been being have has had having do does did doing an the and but if or because as until while of at by for with
	about against between into through during before after above below to from up down in out on off over under
	again further then once here there when where why how all any both each few more most other some such no nor
	not only own same so than too very can will just don should now`.split(/\s+/)
);

export interface TokenSpan {
	/** Offsets into the original text. */
	start: number;
	end: number;
	/** The normalized term. */
	term: string;
}

/**
 * Calls `emit` for every word of `text`, then for the parts of a compound word
 * (`useDebouncedCallback` → use, debounced, callback), with offsets into `text`.
 */
function eachToken(text: string, emit: (start: number, end: number, word: string) => void): void {
	for (const match of text.matchAll(WORD)) {
		const word = match[0];
		if (!meaningful(word)) continue;
		emit(match.index, match.index + word.length, word);
		if (!COMPOUND.test(word)) continue;
		for (const part of word.matchAll(PART)) {
			if (part[0].length < word.length && meaningful(part[0])) {
				emit(match.index + part.index, match.index + part.index + part[0].length, part[0]);
			}
		}
	}
}

/** Every term of `text` with its position, for highlighting. */
export function tokenSpans(text: string): TokenSpan[] {
	const spans: TokenSpan[] = [];
	eachToken(text, (start, end, word) => spans.push({ start, end, term: normalizeTerm(word) }));
	return spans;
}

/** The terms a message is indexed under: words and the parts of compound words, less stop words. */
export function indexTerms(text: string): string[] {
	const terms: string[] = [];
	eachToken(text, (_start, _end, word) => {
		const term = normalizeTerm(word);
		if (!STOP_WORDS.has(term)) terms.push(term);
	});
	return terms;
}

/** Whole words only (no compound parts) with positions, for finding phrases. */
export function wordSpans(text: string): TokenSpan[] {
	const spans: TokenSpan[] = [];
	for (const match of text.matchAll(WORD)) {
		if (meaningful(match[0])) spans.push({ start: match.index, end: match.index + match[0].length, term: normalizeTerm(match[0]) });
	}
	return spans;
}

/**
 * The words of a query, whole: `useDebounced` must stay one term so that, as the last
 * word typed, it can match `useDebouncedCallback` by prefix.
 */
export function queryWords(text: string): string[] {
	const words: string[] = [];
	for (const match of text.matchAll(WORD)) {
		if (meaningful(match[0])) words.push(normalizeTerm(match[0]));
	}
	return words;
}

/** Text reduced to its normalized words, space separated, for phrase checks. */
export function phraseText(text: string): string {
	return ` ${queryWords(text).join(' ')} `;
}
