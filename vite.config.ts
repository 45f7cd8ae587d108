import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { ocrAssets } from './src/lib/workers/ocrAssets.ts';
import { precachePolicy } from './src/lib/features/pwa/precachePolicy.ts';
import { preloadDeps } from './scripts/lib/preloadDeps.ts';

// `npm start` runs the edge under wrangler dev on EDGE_PORT and this server on PORT;
// /api is proxied so the browser sees one origin.
const edgePort = Number(process.env.EDGE_PORT ?? 8787);
// Dynamic imports list no chunk their importer has loaded statically (decision 0041).
const preload = preloadDeps();

export default defineConfig({
	plugins: [sveltekit(), ocrAssets(), precachePolicy(), preload.plugin],
	server: {
		proxy: {
			'/api': { target: `http://127.0.0.1:${edgePort}`, changeOrigin: false, ws: true }
		}
	},
	// onnxruntime-web (transformers.js) without its 26 MB WebAssembly build bundled in: the app
	// serves the 14 MB CPU build itself (core/models/transformersRuntime.ts); Workers assets stop at 25 MiB.
	// zod/mini (the answers checked as the app opens, loaded with the first that needs it,
	// decision 0034) from a second copy of zod: tree-shaking keeps every part of zod's one core
	// module that any chunk uses, so sharing the core with the classic schemas would make that
	// check 16 KB gzip instead of 7 (decision 0022).
	resolve: {
		conditions: [...defaultClientConditions, 'onnxruntime-web-use-extern-wasm'],
		alias: [{ find: /^zod\/mini$/, replacement: 'zod-startup/mini' }]
	},
	worker: { format: 'es' },
	// ATRIUM_SOURCEMAP=1 npx vite build: source maps, to see which modules make up a chunk.
	build: { sourcemap: process.env.ATRIUM_SOURCEMAP === '1', modulePreload: { resolveDependencies: preload.resolveDependencies } },
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['fake-indexeddb/auto']
	}
});
