// Imports the markdown renderer (sanitizer and KaTeX styles) on first use, once per page.
import type { HtmlSanitizer } from './sanitize.ts';

export type Renderer = Pick<HtmlSanitizer, 'sanitizeHtml'>;

let loading: Promise<Renderer> | undefined;

/**
 * The renderer, once its sanitizing engine is ready. A failed import (say, a network blip)
 * is retried on the next call.
 */
export function loadRenderer(): Promise<Renderer> {
	loading ??= import('./renderer.ts')
		.then(({ loadSanitizer }) => loadSanitizer())
		.catch((error: unknown) => {
			loading = undefined;
			throw error;
		});
	return loading;
}
