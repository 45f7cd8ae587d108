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
		serviceWorker: { register: false }
	}
};

export default config;
