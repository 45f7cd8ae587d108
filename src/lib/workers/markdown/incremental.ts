/**
 * Incremental rendering of a streaming message, so the work per token does not grow with
 * the length of the message. The text is split into top-level blocks; every block but
 * the open tail is frozen, its HTML rendered once and kept. Each update re-lexes only the
 * text from the start of the open tail. `finish` renders the whole message once, so
 * cross-block constructs (reference links defined late, …) come out exactly right.
 */
import type { Links, Token } from 'marked';
import { lexMarkdown, renderToken } from './engine.ts';
import { blockId, normalizeNewlines, renderMarkdown } from './render.ts';
import type { BlockPatch, IncrementalStats, RenderedBlock } from './types.ts';

export interface IncrementalRenderer {
	/** Renders the newest full text; returns what changed since the previous call. */
	update(text: string): BlockPatch;
	/** Renders the final text in full and returns the patch; no update may follow. */
	finish(text: string): BlockPatch;
	/** Every block as currently rendered (frozen ones, then the open tail). */
	readonly blocks: readonly RenderedBlock[];
	/** Counters of the work done, for tests and benchmarks. */
	readonly stats: Readonly<IncrementalStats>;
}

interface OpenBlock extends RenderedBlock {
	raw: string;
}

interface Span {
	token: Token;
	/** Offset of the token in the lexed (newline-normalized) tail. */
	start: number;
}

/** Where `normalized` offset of normalizeNewlines(raw) falls in `raw` (`\r\n` counts once). */
function rawOffset(raw: string, normalized: number): number {
	if (!raw.includes('\r')) return normalized;
	let i = 0;
	for (let n = 0; n < normalized && i < raw.length; n++) {
		i += raw[i] === '\r' && raw[i + 1] === '\n' ? 2 : 1;
	}
	return i;
}

// A line that may start display math (see math.ts), and the blank line that settles it.
const mathOpener = /(?:^|\n) {0,3}(?:\$\$|\\\[)/g;
const blankLine = /\n[ \t]*\n/;

/**
 * The first block whose extent display math may still change, or spans.length. Like an
 * unclosed fence, `$$` or `\[` at a line start turns the following lines into math once its
 * closer arrives; and math splits a paragraph where CommonMark sees one, so a later setext
 * underline (`===`) can still fold text, math and all, back into one heading. Only a blank
 * line after the opener settles both.
 */
function firstUnsettledBlock(spans: readonly Span[], tail: string): number {
	mathOpener.lastIndex = 0;
	for (let match = mathOpener.exec(tail); match; match = mathOpener.exec(tail)) {
		const at = match.index + (match[0].startsWith('\n') ? 1 : 0);
		if (blankLine.test(tail.slice(at))) continue;
		let k = spans.length - 1;
		while (k > 0 && (spans[k]?.start ?? 0) > at) k--;
		// Inside a fenced code block, `$$` is code.
		if (spans[k]?.token.type !== 'code') return k;
	}
	return spans.length;
}

/**
 * Whether the lines that decide where `span` starts are complete. That takes two lines:
 * `a\n-` makes `-` a setext underline, a one-column table delimiter or an empty list
 * item, each ending the block before, while `a\n- b` may be a lazy continuation of it.
 */
function startIsSettled(span: Span, tail: string): boolean {
	const firstEnd = tail.indexOf('\n', span.start);
	return firstEnd !== -1 && tail.indexOf('\n', firstEnd + 1) !== -1;
}

/**
 * How many leading spans may be frozen: every span before the last one whose start is
 * settled. A block's end is only certain once the next block's first line is whole:
 * `para\n#` looks like a heading interrupting the paragraph, but `para\n#tag` is one
 * paragraph. Blocks from the one before an unsettled math opener stay open too: if the
 * math fails, the text before it may merge with it into one paragraph.
 */
function freezableCount(spans: readonly Span[], tail: string): number {
	const limit = Math.max(0, firstUnsettledBlock(spans, tail) - 1);
	for (let j = Math.min(spans.length - 1, limit); j >= 1; j--) {
		const span = spans[j];
		if (span && startIsSettled(span, tail)) return j;
	}
	return 0;
}

function diffFrom(previous: readonly RenderedBlock[], next: readonly RenderedBlock[]): number {
	let k = 0;
	while (k < previous.length && k < next.length && previous[k]?.html === next[k]?.html) k++;
	return k;
}

/** Creates a renderer for one streaming message. */
export function createIncrementalRenderer(): IncrementalRenderer {
	let frozen: RenderedBlock[] = [];
	let open: OpenBlock[] = [];
	let links: Links = Object.create(null);
	/** Offset in the caller's text where the open tail starts. */
	let openStart = 0;
	/** The caller's text from `openStart`, as of the last update. */
	let openText = '';
	let finished = false;
	const stats: IncrementalStats = { updates: 0, lexedChars: 0, lastLexedChars: 0, frozenBlocks: 0 };

	function reset(): void {
		frozen = [];
		open = [];
		links = Object.create(null);
		openStart = 0;
		openText = '';
	}

	function freeze(token: Token, html: string): void {
		if (token.type === 'def' && !(token.tag in links)) {
			links[token.tag] = { href: token.href, title: token.title };
		}
		frozen.push({ id: blockId(frozen.length), html });
	}

	function update(text: string): BlockPatch {
		if (finished) throw new Error('Incremental markdown renderer: update after finish');
		// Streams only append. The frozen prefix is trusted (checking it would cost O(length)
		// per token); the open tail is checked, and `finish` renders everything anyway.
		if (!text.startsWith(openText, openStart)) reset();
		const frozenBefore = frozen.length;
		const previousTail: RenderedBlock[] = open;

		const rawTail = text.slice(openStart);
		const tail = normalizeNewlines(rawTail);
		stats.updates++;
		stats.lexedChars += tail.length;
		stats.lastLexedChars = tail.length;

		const spans: Span[] = [];
		let offset = 0;
		for (const token of lexMarkdown(tail, links)) {
			if (token.type !== 'space') spans.push({ token, start: offset });
			offset += token.raw.length;
		}
		// Offsets are only trustworthy when the tokens cover the tail exactly.
		const count = offset === tail.length ? freezableCount(spans, tail) : 0;

		const reusable = new Map(open.map((block) => [block.raw, block.html]));
		const render = (token: Token): string => reusable.get(token.raw) ?? renderToken(token);

		const nextTail: RenderedBlock[] = [];
		for (const { token } of spans.slice(0, count)) {
			freeze(token, render(token));
			nextTail.push(frozen[frozen.length - 1] as RenderedBlock);
		}
		const firstOpen = spans[count];
		if (count > 0 && firstOpen) {
			const advance = rawOffset(rawTail, firstOpen.start);
			openStart += advance;
		}
		open = spans.slice(count).map(({ token }, index) => ({
			id: blockId(frozen.length + index),
			html: render(token),
			raw: token.raw
		}));
		openText = text.slice(openStart);
		nextTail.push(...open.map(({ id, html }) => ({ id, html })));
		stats.frozenBlocks = frozen.length;

		const same = diffFrom(previousTail, nextTail);
		return { changedFrom: frozenBefore + same, blocks: nextTail.slice(same) };
	}

	function finish(text: string): BlockPatch {
		if (finished) throw new Error('Incremental markdown renderer: finish called twice');
		finished = true;
		const previous = [...frozen, ...open];
		const final = renderMarkdown(text);
		frozen = final;
		open = [];
		stats.frozenBlocks = final.length;
		const same = diffFrom(previous, final);
		return { changedFrom: same, blocks: final.slice(same) };
	}

	return {
		update,
		finish,
		get blocks() {
			return [...frozen, ...open.map(({ id, html }) => ({ id, html }))];
		},
		get stats() {
			return { ...stats };
		}
	};
}
