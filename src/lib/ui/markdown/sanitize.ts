/**
 * Sanitizes the worker's markdown HTML on the main thread (sanitizing needs a DOM, and the
 * worker has none). Model output must never run script, load anything, or paint outside
 * its message. Policy, tightest first:
 * - An allowlist of tags: what marked, highlight.js and KaTeX emit (HTML, MathML, the SVG
 *   KaTeX draws radicals and arrows with), plus the copy button, each in its namespace. No
 *   script, style, iframe, object, embed, form, input other than a disabled checkbox, meta,
 *   link, base, template, annotation-xml (the MathML-to-HTML mXSS door) or foreignObject.
 *   A disallowed element is removed with its content.
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
 * - No ids, names or data-* (DOM clobbering), except the copy button's data-md-copy; no
 *   namespaced attributes (xlink:href, xmlns); no comments.
 * - Other attribute values: no scheme but http(s)/mailto, nothing that could close a
 *   raw-text element or a comment.
 *
 * Engines (decision 0026): the browser's HTML Sanitizer where it has one, DOMPurify
 * (imported only then) elsewhere, both given sanitizePolicy.ts's allowlist, both followed
 * by sanitizePostPass.ts. The result is a string for `{@html}`; it is returned only if the
 * browser, parsing it again as Svelte will, builds a tree the post-pass leaves unchanged,
 * so no serialize-and-reparse mutation (mXSS) gets through either engine.
 */
import { escapeHtml } from '../../workers/markdown/escape.ts';
import type { EngineName, SanitizeEngine } from './sanitizeEngine.ts';
import { nativeEngine } from './sanitizeNative.ts';
import { enforcePolicy } from './sanitizePostPass.ts';

export type { EngineName } from './sanitizeEngine.ts';

export interface HtmlSanitizer {
	/** Which engine this sanitizer runs on. */
	readonly engine: EngineName;
	/** Sanitizes one block of renderer HTML; results are cached by input. */
	readonly sanitizeHtml: (html: string) => string;
}

function serialize(root: ParentNode): string {
	if (root instanceof Element) return root.innerHTML;
	const document = (root as Node).ownerDocument ?? window.document;
	const box = document.createElement('div');
	box.append(root as Node);
	return box.innerHTML;
}

const maxRounds = 3;
const cacheLimit = 1000;

/** A sanitizer on `engine` (exported for tests, which also give it engines of their own). */
export function createSanitizer(engine: SanitizeEngine, name: EngineName): HtmlSanitizer {
	const inert = document.implementation.createHTMLDocument('');
	const once = (html: string): string => {
		const root = engine(html, inert);
		enforcePolicy(root);
		return serialize(root);
	};
	// What the browser builds from `html` where Svelte puts it (a <template>), after the
	// post-pass: equal to `html` exactly when the string round-trips to a policy-clean tree.
	const reparsed = (html: string): string => {
		const template = inert.createElement('template');
		template.innerHTML = html;
		enforcePolicy(template.content);
		return serialize(template.content);
	};
	const sanitize = (html: string): string => {
		let clean = once(html);
		for (let round = 0; round < maxRounds; round++) {
			const again = reparsed(clean);
			if (again === clean) return clean;
			clean = once(again);
		}
		// Never reached by anything the renderer emits; show the words, no markup.
		const template = inert.createElement('template');
		template.innerHTML = clean;
		return escapeHtml(template.content.textContent ?? '');
	};
	const cache = new Map<string, string>();
	return {
		engine: name,
		sanitizeHtml: (html) => {
			const hit = cache.get(html);
			if (hit !== undefined) return hit;
			const clean = sanitize(html);
			cache.set(html, clean);
			if (cache.size > cacheLimit) {
				const oldest = cache.keys().next().value;
				if (oldest !== undefined) cache.delete(oldest);
			}
			return clean;
		}
	};
}

/**
 * The sanitizer on the browser's own engine where it has one, otherwise on DOMPurify
 * (fetched now, only in such browsers). Tests name an engine to run both; naming
 * 'native' where the browser has none fails.
 */
export async function loadSanitizer(engine?: EngineName): Promise<HtmlSanitizer> {
	if (typeof window === 'undefined') throw new Error('sanitizing needs a DOM (call it on the main thread)');
	if (engine !== 'dompurify') {
		const native = nativeEngine();
		if (native) return createSanitizer(native, 'native');
		if (engine === 'native') throw new Error('this browser has no usable HTML Sanitizer API');
	}
	const { dompurifyEngine } = await import('./sanitizeDompurify.ts');
	return createSanitizer(dompurifyEngine(), 'dompurify');
}
