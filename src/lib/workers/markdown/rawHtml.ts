/**
 * Raw HTML written by a model is shown as text, except a few attribute-free formatting
 * tags models use inside markdown (`<br>` in table cells, `<sub>`, `<kbd>`, `<details>`).
 * Because no attribute survives, model-written HTML cannot carry handlers, URLs or
 * styles even before the sanitizer sees it.
 */
import { escapeHtml } from './escape.ts';

const keptTags = new Set([
	'b',
	'br',
	'del',
	'details',
	'em',
	'hr',
	'i',
	'ins',
	'kbd',
	'mark',
	's',
	'small',
	'strong',
	'sub',
	'summary',
	'sup',
	'u'
]);

// A tag with no attributes: `<br>`, `<br/>`, `</sub>`.
const bareTag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\s*(\/?)>/g;
const comment = /<!--[\s\S]*?(?:-->|$)/g;

/** Escapes `html`, keeping only attribute-free tags from the allowlist; drops comments. */
export function renderRawHtml(html: string): string {
	const source = html.replace(comment, '');
	let out = '';
	let last = 0;
	for (const match of source.matchAll(bareTag)) {
		const [whole, closing = '', name = '', selfClosing = ''] = match;
		const tag = name.toLowerCase();
		if (!keptTags.has(tag)) continue;
		out += escapeHtml(source.slice(last, match.index));
		out += `<${closing}${tag}${selfClosing && !closing ? ' /' : ''}>`;
		last = match.index + whole.length;
	}
	return out + escapeHtml(source.slice(last));
}
