/**
 * The configured marked instance and the two primitives the renderers build on: lex a
 * piece of markdown into top-level tokens, and render one top-level token to HTML.
 * Output is not yet sanitized; the main thread sanitizes it (DOMPurify needs a DOM).
 */
import { Lexer, Marked, Parser } from 'marked';
import type { Links, Token, Tokens, TokensList } from 'marked';
import { escapeHtml, escapeText } from './escape.ts';
import { highlightCode } from './highlight.ts';
import { mathExtensions } from './math.ts';
import { renderRawHtml } from './rawHtml.ts';
import { isInlineImageUrl, safeLinkUrl } from './urls.ts';

const linkAttributes = 'target="_blank" rel="noopener noreferrer nofollow"';

function titleAttribute(title: string | null | undefined): string {
	return title ? ` title="${escapeHtml(title)}"` : '';
}

/** Keeps only a plain language word from a fence's info string (`ts {1,3}` → `ts`). */
function fenceLanguage(info: string | undefined): string | undefined {
	const word = info?.trim().split(/\s/, 1)[0];
	return word && /^[\w+#.-]{1,32}$/.test(word) ? word.toLowerCase() : undefined;
}

const marked = new Marked({
	gfm: true,
	breaks: false,
	extensions: mathExtensions(),
	renderer: {
		code({ text, lang }: Tokens.Code): string {
			const language = fenceLanguage(lang);
			const { html, language: highlighted } = highlightCode(text, language);
			const codeClass = highlighted ? `hljs language-${highlighted}` : 'hljs';
			return (
				'<div class="md-code">' +
				`<div class="md-code-header"><span class="md-code-lang">${escapeHtml(language ?? 'text')}</span>` +
				'<button type="button" class="md-copy" data-md-copy="" aria-label="Copy code">Copy</button></div>' +
				`<pre><code class="${codeClass}">${html}</code></pre></div>\n`
			);
		},
		link({ href, title, tokens }: Tokens.Link): string {
			const text = this.parser.parseInline(tokens);
			const url = safeLinkUrl(href);
			if (url === undefined) return text;
			return `<a href="${escapeHtml(url)}"${titleAttribute(title)} ${linkAttributes}>${text}</a>`;
		},
		image({ href, title, text }: Tokens.Image): string {
			const alt = escapeHtml(text);
			if (isInlineImageUrl(href)) {
				return `<img src="${escapeHtml(href.trim())}" alt="${alt}"${titleAttribute(title)}>`;
			}
			// Remote images are not loaded (see urls.ts); offer them as a link instead.
			const url = safeLinkUrl(href);
			if (url === undefined) return alt;
			return `<a class="md-image-link" href="${escapeHtml(url)}"${titleAttribute(title)} ${linkAttributes}>${alt || 'image'}</a>`;
		},
		html({ text, block }: Tokens.HTML | Tokens.Tag): string {
			// Escaped block HTML keeps its line layout (pre-wrap) so it reads like the source.
			return block ? `<div class="md-html">${renderRawHtml(text)}</div>\n` : renderRawHtml(text);
		},
		text(token: Tokens.Text | Tokens.Escape): string {
			if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
			// marked marks text inside raw <pre>/<kbd>/<script> as pre-escaped HTML; we never
			// pass raw HTML through, so it is escaped like everything else.
			return 'escaped' in token && token.escaped ? escapeHtml(token.text) : escapeText(token.text);
		}
	}
});

const parser = new Parser(marked.defaults);

/**
 * Lexes markdown into top-level tokens. `links` seeds reference definitions seen in
 * earlier parts of the same message, so a tail lexed on its own still resolves them.
 */
export function lexMarkdown(src: string, links?: Links): TokensList {
	const lexer = new Lexer(marked.defaults);
	if (links) Object.assign(lexer.tokens.links, links);
	return lexer.lex(src);
}

/** Renders one top-level token (and its children) to HTML. */
export function renderToken(token: Token): string {
	return parser.parse([token]);
}
