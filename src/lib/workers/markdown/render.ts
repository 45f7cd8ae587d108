/**
 * Whole-message rendering: markdown text to a list of top-level HTML blocks. The
 * incremental renderer produces the same block shape while a message streams.
 */
import type { Token } from 'marked';
import { lexMarkdown, renderToken } from './engine.ts';
import type { RenderedBlock } from './types.ts';

/** marked reports `\r\n` as `\n`; doing it first keeps offsets into the text meaningful. */
export function normalizeNewlines(text: string): string {
	return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Top-level tokens that produce a block; `space` tokens only separate blocks. */
export function blockTokens(tokens: readonly Token[]): Token[] {
	return tokens.filter((token) => token.type !== 'space');
}

/** Block ids are ordinals, so the same block keeps its id across streamed updates. */
export function blockId(index: number): string {
	return `b${index}`;
}

/** Renders a whole message into top-level blocks. */
export function renderMarkdown(text: string): RenderedBlock[] {
	const tokens = blockTokens(lexMarkdown(normalizeNewlines(text)));
	return tokens.map((token, index) => ({ id: blockId(index), html: renderToken(token) }));
}

/** Renders a whole message to one HTML string (unsanitized). */
export function renderMarkdownToHtml(text: string): string {
	return joinBlocks(renderMarkdown(text));
}

/** The HTML of a block list, as one string. */
export function joinBlocks(blocks: readonly RenderedBlock[]): string {
	return blocks.map((block) => block.html).join('');
}
