// Imports the markdown renderer (sanitizer and KaTeX styles) on first use, once per page.
type Renderer = typeof import('./renderer.ts');

let loading: Promise<Renderer> | undefined;

/** The renderer module. A failed import (say, a network blip) is retried on the next call. */
export function loadRenderer(): Promise<Renderer> {
	loading ??= import('./renderer.ts').catch((error: unknown) => {
		loading = undefined;
		throw error;
	});
	return loading;
}
