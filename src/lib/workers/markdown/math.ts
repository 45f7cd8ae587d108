/**
 * Math for marked: inline `$…$` and `\(…\)`, display `$$…$$` and `\[…\]`, rendered with
 * KaTeX. We own the tokenizers instead of using marked-katex-extension because that one
 * knows only the dollar forms, and models write `\(`/`\[` just as often.
 */
import katex from 'katex';
import type { KatexOptions } from 'katex';
import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { escapeHtml } from './escape.ts';

interface MathToken extends Tokens.Generic {
	type: 'mathBlock' | 'mathInline';
	raw: string;
	text: string;
	displayMode: boolean;
}

const katexOptions: KatexOptions = {
	throwOnError: false,
	// Untrusted input: no \href, \url, \includegraphics, \htmlClass, \htmlStyle, \htmlData.
	trust: false,
	strict: 'ignore',
	// Bounds \rule, \kern, \raisebox sizes so formulas cannot paint huge boxes over the page,
	// and macro expansion so `\def\a{\a\a}` cannot hang the worker.
	maxSize: 20,
	maxExpand: 500,
	output: 'htmlAndMathml'
};

const cacheLimit = 512;
const cache = new Map<string, string>();

/**
 * Renders TeX to HTML, never throwing: bad TeX becomes a `katex-error` span showing the
 * source. Results are cached because a streamed paragraph re-renders its formulas on
 * every token.
 */
export function renderTex(tex: string, displayMode: boolean): string {
	const key = (displayMode ? 'D' : 'I') + tex;
	const hit = cache.get(key);
	if (hit !== undefined) {
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	let html: string;
	try {
		html = katex.renderToString(tex, { ...katexOptions, displayMode });
	} catch (error) {
		// throwOnError:false only covers ParseError; anything else still throws.
		const message = error instanceof Error ? error.message : String(error);
		html = `<span class="katex-error" title="${escapeHtml(message)}">${escapeHtml(tex)}</span>`;
	}
	cache.set(key, html);
	if (cache.size > cacheLimit) {
		const oldest = cache.keys().next().value;
		if (oldest !== undefined) cache.delete(oldest);
	}
	return html;
}

// Display math is a block when it stands on its own lines. A blank line ends it, like a
// paragraph: this keeps an unclosed `$$` from swallowing the rest of a message, and keeps
// block boundaries stable while a message streams.
const blockRules: readonly RegExp[] = [
	/^ {0,3}\$\$((?:[^$\n]|\$(?!\$)|\n(?![ \t]*\n))+?)\$\$[ \t]*(?:\n|$)/,
	/^ {0,3}\\\[((?:[^\n]|\n(?![ \t]*\n))+?)\\\][ \t]*(?:\n|$)/
];
const blockStart = /\n {0,3}(?:\$\$|\\\[)/;

interface InlineRule {
	pattern: RegExp;
	displayMode: boolean;
	/** Rejects a match that is prose after all. */
	isProse?: (text: string) => boolean;
}

const inlineRules: readonly InlineRule[] = [
	{ pattern: /^\$\$((?:\\[\s\S]|[^\\$])+?)\$\$/, displayMode: true },
	{ pattern: /^\\\[([\s\S]+?)\\\]/, displayMode: true },
	{ pattern: /^\\\(([\s\S]+?)\\\)/, displayMode: false },
	{
		// A single `$` must hug its content and must not be followed by a digit (pandoc's
		// rule), so "$5 and $10" stays text. Content holding a code span's backtick, or
		// opening on a digit and running over spaces ("$10. Not … `$"), is prose too.
		pattern: /^\$(?![\s$])((?:\\[\s\S]|[^\\$\n])*?(?:\\[\s\S]|[^\\\s$]))\$(?![\d$])/,
		displayMode: false,
		isProse: (text) => text.includes('`') || (/^\d/.test(text) && /\s/.test(text))
	}
];

function matchInline(src: string): MathToken | undefined {
	for (const { pattern, displayMode, isProse } of inlineRules) {
		const match = pattern.exec(src);
		const text = match?.[1];
		if (match && text !== undefined && !isProse?.(text)) {
			return { type: 'mathInline', raw: match[0], text: text.trim(), displayMode };
		}
	}
	return undefined;
}

const inlineCandidate = /[$\\]/g;

/** Index of the first place inline math really starts, skipping `\$` escapes. */
function inlineStart(src: string): number | undefined {
	inlineCandidate.lastIndex = 0;
	for (let found = inlineCandidate.exec(src); found; found = inlineCandidate.exec(src)) {
		const i = found.index;
		if (src[i] === '\\') {
			const next = src[i + 1];
			if ((next === '(' || next === '[') && matchInline(src.slice(i))) return i;
			inlineCandidate.lastIndex = i + 2; // any other backslash escapes the next character
		} else {
			if (matchInline(src.slice(i))) return i;
			while (src[inlineCandidate.lastIndex] === '$') inlineCandidate.lastIndex++;
		}
	}
	return undefined;
}

const toMathToken = (token: Tokens.Generic): MathToken => token as MathToken;

/** The marked extensions for math; register block before inline. */
export function mathExtensions(): TokenizerAndRendererExtension[] {
	return [
		{
			name: 'mathBlock',
			level: 'block',
			start(src) {
				// Only the paragraph being lexed can be interrupted: look no further than its
				// end, or every paragraph would scan the rest of the message.
				const end = src.indexOf('\n\n');
				const match = blockStart.exec(end === -1 ? src : src.slice(0, end + 1));
				return match ? match.index + 1 : undefined;
			},
			tokenizer(src) {
				for (const rule of blockRules) {
					const match = rule.exec(src);
					if (match?.[1] !== undefined) {
						const token: MathToken = {
							type: 'mathBlock',
							raw: match[0],
							text: match[1].trim(),
							displayMode: true
						};
						return token;
					}
				}
				return undefined;
			},
			renderer(token) {
				return `<div class="md-math">${renderTex(toMathToken(token).text, true)}</div>\n`;
			}
		},
		{
			name: 'mathInline',
			level: 'inline',
			start: inlineStart,
			tokenizer: matchInline,
			renderer(token) {
				const { text, displayMode } = toMathToken(token);
				return renderTex(text, displayMode);
			}
		}
	];
}
