/**
 * The one sanitizing policy for the worker's markdown HTML (the rules are listed in
 * sanitize.ts). Both engines take the same allowlist: the browser's Sanitizer as a
 * namespaced `SanitizerConfig`, DOMPurify as tag and attribute names. Everything that
 * depends on values (URLs, styles, classes) lives in sanitizePostPass.ts, which runs after
 * either engine and enforces this allowlist once more, so the two cannot drift.
 */

export const HTML_NS = 'http://www.w3.org/1999/xhtml';
export const SVG_NS = 'http://www.w3.org/2000/svg';
export const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

const htmlTags = [
	'a', 'b', 'blockquote', 'br', 'button', 'code', 'del', 'details', 'div', 'em', 'h1', 'h2',
	'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'input', 'ins', 'kbd', 'li', 'mark', 'ol', 'p',
	'pre', 's', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td',
	'th', 'thead', 'tr', 'u', 'ul'
];
/** The SVG KaTeX draws radicals, arrows and \cancel with. */
const svgTags = ['svg', 'path', 'line'];
/** KaTeX's MathML. Never annotation-xml (the MathML-to-HTML mXSS door) or mglyph/maction. */
const mathTags = [
	'math', 'semantics', 'annotation', 'menclose', 'merror', 'mfrac', 'mi', 'mmultiscripts',
	'mn', 'mo', 'mover', 'mpadded', 'mphantom', 'mprescripts', 'mroot', 'mrow', 'ms', 'mspace',
	'msqrt', 'mstyle', 'msub', 'msubsup', 'msup', 'mtable', 'mtd', 'mtext', 'mtr', 'munder',
	'munderover', 'mlabeledtr', 'none'
];

/** Each allowed element with its namespace: an SVG or MathML name is never allowed as HTML. */
export const allowedElements: readonly { name: string; namespace: string }[] = [
	...htmlTags.map((name) => ({ name, namespace: HTML_NS })),
	...svgTags.map((name) => ({ name, namespace: SVG_NS })),
	...mathTags.map((name) => ({ name, namespace: MATHML_NS }))
];

/**
 * Attributes allowed on any allowed element, without a namespace (so never xmlns or
 * xlink:href), spelled as the HTML parser leaves them (SVG's camelCase included).
 */
export const allowedAttributes: readonly string[] = [
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
	'stretchy', 'symmetric', 'voffset'
];

/** The policy as the browser's HTML Sanitizer API takes it. */
export const sanitizerConfig: SanitizerConfig = {
	elements: allowedElements.map(({ name, namespace }) => ({ name, namespace })),
	attributes: [...allowedAttributes],
	comments: false,
	dataAttributes: false
};

/**
 * Attribute values that are neither a URL with a scheme nor scheme-like, or a URL with an
 * http(s)/mailto scheme: "0.5em", "application/x-tex", "https://…". What DOMPurify applies
 * to every attribute but a few free-text ones; the post-pass applies it for both engines.
 */
export const plainAttributeValue = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;
