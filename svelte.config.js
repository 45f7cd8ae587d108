import adapter from '@sveltejs/adapter-cloudflare';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	// Components build their DOM element by element instead of parsing an HTML string per
	// template: less main-thread work as a page first mounts (decision 0039).
	compilerOptions: { fragments: 'tree' },
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ config: 'wrangler.app.toml' }),
		// The app shell is client-rendered (IndexedDB is the source of truth), so every
		// route falls back to the same shell.
		prerender: { handleHttpError: 'warn' },
		// Registered by src/lib/features/pwa/serviceWorker.ts (workbox-window), which drives the
		// "A new version is ready" flow.
		serviceWorker: { register: false },
		// The shell's Content-Security-Policy, a <meta> in index.html with the hash of SvelteKit's
		// inline start-up script; frame-ancestors, which a <meta> cannot carry, is in
		// static/_headers (decision 0049). No inline script and no script from another origin runs.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				// WebAssembly (in-browser models, OCR, image codecs) needs wasm-unsafe-eval. No eval:
				// Ajv compiles extraction schemas in a worker, zod runs jitless (src/hooks.client.ts).
				'script-src': ['self', 'wasm-unsafe-eval'],
				'worker-src': ['self', 'blob:'],
				// KaTeX and Svelte's style: directives set inline styles.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:', 'https:'],
				'font-src': ['self', 'data:'],
				'media-src': ['self', 'data:', 'blob:'],
				// A user's own model endpoints (OpenAI-compatible servers, Ollama on localhost) and
				// model weights from their hosts: any http(s) origin the user configures.
				'connect-src': ['self', 'https:', 'http:', 'ws:', 'wss:', 'data:', 'blob:'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				// No form-action: signing in with GitHub or Google posts a form to /api, which redirects
				// to the provider, and form-action applies to that redirect too.
				'base-uri': ['self']
			}
		}
	}
};

export default config;
