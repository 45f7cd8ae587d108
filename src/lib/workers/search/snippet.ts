// Highlighted excerpts of search results. Message text is untrusted: every piece is
// escaped, and the only markup that comes out is the <mark> added here.
import { tokenSpans, wordSpans, type TokenSpan } from './text.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escaped, with runs of whitespace (newlines, code indentation) shown as one space. */
const plain = (text: string): string => escapeHtml(text.replace(/\s+/g, ' '));

export interface SnippetOptions {
	/** Characters of context to show, about. */
	length?: number;
	/** Characters shown before the first match (a third of `length` at most). */
	lead?: number;
	/** Phrases to mark as a whole where their words follow each other, as `phraseText` writes them. */
	phrases?: readonly string[];
}

/** Where each phrase occurs in `text`, one span from its first word to its last. */
function phraseSpans(text: string, phrases: readonly string[]): TokenSpan[] {
	if (phrases.length === 0) return [];
	const words = wordSpans(text);
	const spans: TokenSpan[] = [];
	for (const phrase of phrases) {
		const parts = phrase.trim().split(' ');
		for (let i = 0; i + parts.length <= words.length; i++) {
			if (parts.every((part, j) => words[i + j]!.term === part)) {
				spans.push({ start: words[i]!.start, end: words[i + parts.length - 1]!.end, term: phrase });
			}
		}
	}
	return spans;
}

/**
 * An HTML excerpt of `text` around the densest run of `terms` (normalized index terms),
 * each occurrence wrapped in <mark>. Without a match it is the start of the text.
 */
export function snippet(text: string, terms: ReadonlySet<string>, options: SnippetOptions = {}): string {
	const length = options.length ?? 220;
	const lead = Math.min(options.lead ?? 60, Math.floor(length / 3));
	const hits = [...phraseSpans(text, options.phrases ?? []), ...tokenSpans(text).filter((span) => terms.has(span.term))];
	hits.sort((a, b) => a.start - b.start || b.end - a.end);

	// The window holding the most distinct matched terms wins; the earliest on a tie.
	let bestStart = 0;
	let bestScore = 0;
	for (let i = 0; i < hits.length; i++) {
		const seen = new Set<string>();
		for (let j = i; j < hits.length && hits[j]!.end <= hits[i]!.start + length; j++) seen.add(hits[j]!.term);
		if (seen.size > bestScore) {
			bestScore = seen.size;
			bestStart = hits[i]!.start;
		}
	}

	let from = hits.length > 0 ? Math.max(0, bestStart - lead) : 0;
	if (from > 0) {
		// Start at a word boundary, not inside a word.
		const space = text.slice(from, bestStart).search(/\s/);
		if (space >= 0) from += space + 1;
	}
	let to = Math.min(text.length, from + length);
	if (to < text.length) {
		const space = text.slice(from + Math.floor(length * 0.8), to).search(/\s\S*$/);
		if (space >= 0) to = from + Math.floor(length * 0.8) + space;
	}

	let html = from > 0 ? '…' : '';
	let cursor = from;
	for (const hit of hits) {
		if (hit.start < cursor || hit.end > to) continue;
		html += plain(text.slice(cursor, hit.start));
		// Parts of one compound word may match on their own: mark the whole run once.
		let end = hit.end;
		for (const other of hits) if (other.start < end && other.end > end && other.end <= to) end = other.end;
		html += `<mark>${plain(text.slice(hit.start, end))}</mark>`;
		cursor = end;
	}
	html += plain(text.slice(cursor, to));
	if (to < text.length) html += '…';
	return html.trim();
}
