/**
 * DOMPurify as the sanitizing engine, for browsers without the HTML Sanitizer API. Loaded
 * by sanitize.ts through a dynamic import only there, so other browsers never fetch it.
 */
import DOMPurify from 'dompurify';
import type { Config } from 'dompurify';
import { allowedAttributes, allowedElements, plainAttributeValue } from './sanitizePolicy.ts';
import type { SanitizeEngine } from './sanitizeEngine.ts';

const config: Config & { RETURN_DOM_FRAGMENT: true } = {
	// Names only: DOMPurify checks namespaces itself, and the post-pass checks them again.
	ALLOWED_TAGS: [...new Set(allowedElements.map(({ name }) => name)), '#text'],
	ALLOWED_ATTR: [...allowedAttributes],
	// A disallowed element goes with its content, as with the browser's Sanitizer.
	KEEP_CONTENT: false,
	ALLOW_DATA_ATTR: false,
	ALLOW_ARIA_ATTR: false,
	ALLOWED_URI_REGEXP: plainAttributeValue,
	// Parse everything as body content, like the browser's Sanitizer parsing into a <div>:
	// otherwise a leading <template>, <noscript> or <base> lands in <head> and parses apart.
	FORCE_BODY: true,
	// Nodes in DOMPurify's own inert document; the post-pass runs on them.
	RETURN_DOM_FRAGMENT: true
};

/** A private DOMPurify instance (no hooks: the post-pass does their work). */
export function dompurifyEngine(): SanitizeEngine {
	const purifier = DOMPurify(window);
	return (html) => purifier.sanitize(html, config);
}
