// What the user typed, as the index needs it: words to look up, and quoted phrases that
// a message must contain word for word.
import { phraseText, queryWords, STOP_WORDS } from './text.ts';

export interface ParsedQuery {
	/** Normalized words to look up, in the order typed, phrase words included. */
	words: string[];
	/** Words too common to look up (stop words): they are not in the index. */
	ignored: string[];
	/** Words typed inside quotes: matched exactly, never by prefix or typo tolerance. */
	exact: Set<string>;
	/** Each quoted phrase of two or more words, as `phraseText` writes it. */
	phrases: string[];
}

const QUOTED = /"([^"]*)"/g;

/** An unclosed quote counts as ordinary words, so typing a phrase searches as it goes. */
export function parseQuery(input: string): ParsedQuery {
	const words: string[] = [];
	const exact = new Set<string>();
	const phrases: string[] = [];
	let last = 0;
	for (const match of input.matchAll(QUOTED)) {
		words.push(...queryWords(input.slice(last, match.index)));
		const quoted = queryWords(match[1] ?? '');
		words.push(...quoted);
		for (const word of quoted) exact.add(word);
		if (quoted.length > 1) phrases.push(phraseText(quoted.join(' ')));
		last = match.index + match[0].length;
	}
	words.push(...queryWords(input.slice(last)));
	return { ...lookUp(words, exact), exact, phrases };
}

/**
 * Drops stop words, but keeps one typed alone as a prefix while it could still be the
 * start of a longer word (`the` → theory).
 */
function lookUp(typed: string[], exact: ReadonlySet<string>): Pick<ParsedQuery, 'words' | 'ignored'> {
	const words = typed.filter((word) => !STOP_WORDS.has(word));
	const ignored = typed.filter((word) => STOP_WORDS.has(word));
	const only = typed.length === 1 ? typed[0]! : null;
	if (only && words.length === 0 && only.length >= 3 && !exact.has(only)) return { words: [only], ignored: [] };
	return { words, ignored };
}
