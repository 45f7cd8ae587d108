// Splits document pages into passages for retrieval. A passage never spans two pages, so
// each citation names exactly one page. Passages break at paragraph, then sentence, then
// word boundaries, and overlap a little so an answer split across a break is still found.
import type { DocumentChunk, PageText } from './types.ts';

export interface ChunkOptions {
	/** Aim for passages about this long (characters). */
	targetChars?: number;
	/** Carry about this much of a passage's end into the next one. */
	overlapChars?: number;
}

const DEFAULT_TARGET = 900;
const DEFAULT_OVERLAP = 150;

/** Sentences and paragraph ends, each piece keeping its trailing whitespace. */
function pieces(text: string, max: number): string[] {
	const out: string[] = [];
	for (const sentence of text.match(/[^.!?\n]+(?:[.!?]+|\n+|$)\s*/g) ?? []) {
		if (sentence.length <= max) {
			out.push(sentence);
			continue;
		}
		// A run-on "sentence" (code, tables): cut at spaces, or hard where there are none.
		let rest = sentence;
		while (rest.length > max) {
			const space = rest.lastIndexOf(' ', max);
			const cut = space > max / 2 ? space + 1 : max;
			out.push(rest.slice(0, cut));
			rest = rest.slice(cut);
		}
		if (rest) out.push(rest);
	}
	return out;
}

export function normalizeText(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(/[ \t\f\v\u00a0]+/g, ' ')
		.replace(/ *\n */g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

export function chunkPages(
	pages: readonly PageText[],
	doc: { conversationId: string; attachmentId: string; fileName: string },
	options: ChunkOptions = {}
): DocumentChunk[] {
	const target = options.targetChars ?? DEFAULT_TARGET;
	const overlap = Math.min(options.overlapChars ?? DEFAULT_OVERLAP, Math.floor(target / 3));
	const chunks: DocumentChunk[] = [];
	const emit = (page: number | null, text: string) => {
		const clean = text.trim();
		if (!clean) return;
		const index = chunks.length;
		chunks.push({ id: `${doc.attachmentId}:${index}`, ...doc, page, index, text: clean });
	};
	for (const { page, text } of pages) {
		let current = '';
		let fresh = 0; // characters in `current` that no earlier passage holds
		for (const piece of pieces(normalizeText(text), target)) {
			if (current && current.length + piece.length > target && fresh > 0) {
				emit(page, current);
				current = tail(current, overlap);
				fresh = 0;
			}
			current += piece;
			fresh += piece.length;
		}
		if (fresh > 0) emit(page, current);
	}
	return chunks;
}

/** The end of a passage, from a word boundary, at most `max` characters. */
function tail(text: string, max: number): string {
	if (max <= 0) return '';
	if (text.length <= max) return text;
	const start = text.length - max;
	const space = text.indexOf(' ', start);
	return space >= 0 && space < text.length - 1 ? text.slice(space + 1) : text.slice(start);
}
