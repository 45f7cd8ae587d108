// Imports the markdown renderer (sanitizer and KaTeX styles) on first use, once per page.
import { yieldToBrowser } from './markdownStream.ts';
import type { HtmlSanitizer } from './sanitize.ts';

export type Renderer = Pick<HtmlSanitizer, 'sanitizeHtml'>;

let loading: Promise<Renderer> | undefined;

/**
 * A block like the worker's: a paragraph with inline markup and a link, and highlighted
 * code. Sanitizing it once, in a task of its own, runs the sanitizer's first (slow,
 * not yet optimised) call before the first real render needs it (decision 0032).
 */
const warmUpBlock =
	'<p>Warm <strong>up</strong> <em>once</em> <code>x</code> <a href="https://example.com">link</a></p>' +
	'<pre><code class="hljs language-ts"><span class="hljs-keyword">const</span> x = <span class="hljs-number">1</span>;</code></pre>';

/**
 * The renderer, once its sanitizing engine is ready. A failed import (say, a network blip)
 * is retried on the next call.
 */
export function loadRenderer(): Promise<Renderer> {
	loading ??= import('./renderer.ts')
		.then(({ loadSanitizer }) => loadSanitizer())
		.then((renderer) => {
			yieldToBrowser()
				.then(() => renderer.sanitizeHtml(warmUpBlock))
				.catch(() => {
					// A real render would fail the same way, and reports it.
				});
			return renderer;
		})
		.catch((error: unknown) => {
			loading = undefined;
			throw error;
		});
	return loading;
}
