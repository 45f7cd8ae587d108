/**
 * The browser's own HTML Sanitizer (`Element.setHTML` with a `Sanitizer`), where it is the
 * API as specified: an engine that older drafts' implementations (which ignored `elements`)
 * or a misbehaving one would fail is refused, and DOMPurify is loaded instead.
 */
import { sanitizerConfig } from './sanitizePolicy.ts';
import type { SanitizeEngine } from './sanitizeEngine.ts';

declare global {
	interface Element {
		/** The HTML Sanitizer API's safe `setHTML`, not yet in TypeScript's DOM types. */
		setHTML?(html: string, options: { sanitizer: Sanitizer }): void;
	}
}

// A disallowed element goes with its content, MathML stays MathML, attributes outside the
// allowlist, ids and comments go, an allowed attribute stays. Not an event handler: Chromium
// reports setting one as a Content-Security-Policy violation even in an inert document
// (a console error on every start; decision 0049), and setHTML drops handlers whatever the
// configuration says.
const probe = '<p title="t" id="i" lang="en">a<abbr>b</abbr></p><math><mi>x</mi></math><!--c-->';
const probeResult = '<p title="t">a</p><math><mi>x</mi></math>';

/** The native engine, or undefined where the browser has no (usable) Sanitizer API. */
export function nativeEngine(): SanitizeEngine | undefined {
	if (typeof Sanitizer !== 'function' || typeof Element === 'undefined' || !Element.prototype.setHTML) {
		return undefined;
	}
	let sanitizer: Sanitizer;
	try {
		sanitizer = new Sanitizer(sanitizerConfig);
	} catch {
		return undefined;
	}
	const engine = (html: string, inert: Document): HTMLDivElement => {
		// A <div> of a document with no browsing context: the same parsing context as
		// DOMPurify's <body>, and nothing it holds loads or runs.
		const host = inert.createElement('div');
		host.setHTML?.(html, { sanitizer });
		return host;
	};
	try {
		const host = engine(probe, document.implementation.createHTMLDocument(''));
		return host.innerHTML === probeResult ? (engine satisfies SanitizeEngine) : undefined;
	} catch {
		return undefined;
	}
}
