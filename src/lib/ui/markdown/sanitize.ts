/**
 * Sanitizes the worker's markdown HTML on the main thread (DOMPurify needs a DOM, and the
 * worker has none). Model output must never run script, load anything, or paint outside
 * its message. Policy, tightest first:
 * - An allowlist of tags: what marked, highlight.js and KaTeX emit (HTML, MathML, the SVG
 *   KaTeX draws radicals and arrows with), plus the copy button. No script, style, iframe,
 *   object, embed, form, input other than a disabled checkbox, meta, link, base, template,
 *   annotation-xml (the MathML-to-HTML mXSS door) or foreignObject.
 * - Links: http(s) and mailto only, always target=_blank rel="noopener noreferrer nofollow".
 *   `href` on anything but <a> (MathML and SVG links) is dropped.
 * - Images: only embedded raster `data:image/…;base64` sources; any other src is removed,
 *   so rendering never makes a network request (remote images are how prompt injections
 *   exfiltrate a conversation). The renderer turns remote images into links instead.
 * - Inline style: KaTeX positions glyphs with it, so it is kept, but re-parsed by the
 *   browser's own CSS parser and reduced to box sizes, offsets, margins, borders and colours.
 *   `position` survives only as `relative` (KaTeX's one use), so nothing can become fixed
 *   or absolute and overlay the page; no url(), no custom properties. The component also
 *   sets `contain: paint` on the message, clipping anything that still tries.
 * - Classes: free inside KaTeX output (its CSS is scoped to .katex); elsewhere only hljs-*,
 *   language-*, md-* and katex*, so model output cannot borrow the app's utility classes.
 * - No ids, names or data-* (DOM clobbering), except the copy button's data-md-copy.
 */
import DOMPurify from 'dompurify';
import type { Config, DOMPurify as Purifier } from 'dompurify';
import { isInlineImageUrl, safeLinkUrl } from '../../workers/markdown/urls.ts';

const htmlTags = [
	'a', 'b', 'blockquote', 'br', 'button', 'code', 'del', 'details', 'div', 'em', 'h1', 'h2',
	'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'input', 'ins', 'kbd', 'li', 'mark', 'ol', 'p',
	'pre', 's', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td',
	'th', 'thead', 'tr', 'u', 'ul'
];
const svgTags = ['svg', 'path', 'line'];
const mathTags = [
	'math', 'semantics', 'annotation', 'menclose', 'merror', 'mfrac', 'mi', 'mmultiscripts',
	'mn', 'mo', 'mover', 'mpadded', 'mphantom', 'mprescripts', 'mroot', 'mrow', 'ms', 'mspace',
	'msqrt', 'mstyle', 'msub', 'msubsup', 'msup', 'mtable', 'mtd', 'mtext', 'mtr', 'munder',
	'munderover', 'mlabeledtr', 'none'
];
const attributes = [
	// HTML
	'align', 'alt', 'aria-hidden', 'aria-label', 'checked', 'class', 'data-md-copy', 'disabled',
	'href', 'rel', 'src', 'start', 'style', 'target', 'title', 'type',
	// SVG as KaTeX writes it
	'd', 'height', 'preserveAspectRatio', 'stroke-width', 'viewBox', 'width', 'x1', 'x2', 'y1', 'y2',
	// MathML as KaTeX writes it
	'accent', 'accentunder', 'columnalign', 'columnlines', 'columnspacing', 'depth', 'display',
	'displaystyle', 'encoding', 'fence', 'frame', 'framespacing', 'linethickness', 'lspace',
	'mathbackground', 'mathcolor', 'mathvariant', 'maxsize', 'minsize', 'movablelimits',
	'notation', 'rowalign', 'rowlines', 'rowspacing', 'rspace', 'scriptlevel', 'separator',
	'stretchy', 'symmetric', 'voffset', 'xmlns'
];

const config: Config = {
	ALLOWED_TAGS: [...htmlTags, ...svgTags, ...mathTags],
	ALLOWED_ATTR: attributes,
	ALLOW_DATA_ATTR: false,
	ALLOW_ARIA_ATTR: false,
	// DOMPurify tests every non-URI attribute against this too, so it must pass scheme-less
	// values like "0.5em"; it is DOMPurify's default without tel:, sms:, ftp: and the like.
	ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i
};

const styleProperties = new Set([
	'height', 'width', 'min-width', 'max-width', 'top', 'bottom', 'left', 'vertical-align',
	'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding-left', 'padding-right',
	'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
	'border-top-style', 'border-right-style', 'border-bottom-style', 'border-left-style',
	'border-top-color', 'border-right-color', 'border-bottom-color', 'border-left-color',
	'color', 'background-color', 'text-shadow', 'position'
]);
const unsafeStyleValue = /url\(|image|expression|var\(|attr\(|\\/i;

/** Reduces an inline style to the allowed properties, as parsed by the browser. */
function filterStyle(style: string, document: Document): string {
	const parsed = document.createElement('span').style;
	parsed.cssText = style;
	const kept: string[] = [];
	for (let i = 0; i < parsed.length; i++) {
		const property = parsed.item(i);
		const value = parsed.getPropertyValue(property);
		if (!styleProperties.has(property) || unsafeStyleValue.test(value)) continue;
		if (property === 'position' && value !== 'relative') continue;
		kept.push(`${property}: ${value}`);
	}
	return kept.join('; ');
}

const appClass = /^(?:hljs(?:-[\w-]+)?|[a-z]+_{1,2}|language-[\w+#.-]+|md-[\w-]+|katex(?:-[\w-]+)?)$/;

function filterClasses(value: string, node: Element): string {
	const tokens = value.split(/\s+/).filter(Boolean);
	const inKatex = node.parentElement?.closest('.katex') != null || tokens.includes('katex');
	return tokens.filter((token) => (inKatex ? /^[\w-]+$/.test(token) : appClass.test(token))).join(' ');
}

function addHooks(purifier: Purifier): void {
	purifier.addHook('uponSanitizeAttribute', (node, event) => {
		const name = event.attrName;
		if (name === 'style') event.attrValue = filterStyle(event.attrValue, node.ownerDocument);
		else if (name === 'class') event.attrValue = filterClasses(event.attrValue, node);
		else if ((name === 'href' && node.localName !== 'a') || (name === 'src' && node.localName !== 'img')) {
			event.keepAttr = false;
		}
		if ((name === 'style' || name === 'class') && event.attrValue === '') event.keepAttr = false;
	});
	purifier.addHook('afterSanitizeAttributes', (element) => {
		switch (element.localName) {
			case 'a': {
				const url = safeLinkUrl(element.getAttribute('href') ?? '');
				if (url === undefined) {
					element.removeAttribute('href');
					element.removeAttribute('target');
					element.removeAttribute('rel');
				} else {
					element.setAttribute('href', url);
					element.setAttribute('target', '_blank');
					element.setAttribute('rel', 'noopener noreferrer nofollow');
				}
				break;
			}
			case 'img':
				if (!isInlineImageUrl(element.getAttribute('src') ?? '')) element.removeAttribute('src');
				break;
			case 'input':
				element.setAttribute('type', 'checkbox');
				element.setAttribute('disabled', '');
				break;
			case 'button':
				element.setAttribute('type', 'button');
				break;
		}
	});
}

let purifier: Purifier | undefined;

function getPurifier(): Purifier {
	if (!purifier) {
		if (typeof window === 'undefined') throw new Error('sanitizeHtml needs a DOM (call it on the main thread)');
		// A private instance, so these hooks never leak into other users of DOMPurify.
		purifier = DOMPurify(window);
		addHooks(purifier);
	}
	return purifier;
}

const cacheLimit = 1000;
const cache = new Map<string, string>();

/**
 * Sanitizes one block of renderer HTML. Results are cached by input, so blocks that did not
 * change between streamed updates are not sanitized again.
 */
export function sanitizeHtml(html: string): string {
	const hit = cache.get(html);
	if (hit !== undefined) return hit;
	const clean = getPurifier().sanitize(html, config);
	cache.set(html, clean);
	if (cache.size > cacheLimit) {
		const oldest = cache.keys().next().value;
		if (oldest !== undefined) cache.delete(oldest);
	}
	return clean;
}
