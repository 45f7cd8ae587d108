/// <reference lib="webworker" />
// Heavy modules and data the precache leaves out (src/lib/features/pwa/precachePolicy.ts):
// cached the first time a feature loads them, so WebLLM, pdf.js, OCR (its English data
// included) and the rest work offline once used. Build files carry a content hash and never
// change, so cache-first is exact; when a new worker takes over, entries the new build no
// longer lists are dropped (the OCR data has a fixed name, so it is fetched once again).
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { MODULES_CACHE } from '../swProtocol.ts';

/** Paths served cache-first from MODULES_CACHE once fetched. */
export function isLazyModule(path: string): boolean {
	return path.startsWith('/_app/immutable/') || path.startsWith('/_app/ocr/');
}

export function registerModuleCache(scope: ServiceWorkerGlobalScope, currentFiles: readonly string[]): void {
	const origin = scope.location.origin;
	registerRoute(
		({ url, request }) => url.origin === origin && request.method === 'GET' && isLazyModule(url.pathname),
		new CacheFirst({ cacheName: MODULES_CACHE, plugins: [new CacheableResponsePlugin({ statuses: [200] })] })
	);
	const current = new Set(currentFiles.map((file) => new URL(file, origin).pathname));
	scope.addEventListener('activate', (event) => {
		event.waitUntil(
			(async () => {
				const cache = await caches.open(MODULES_CACHE);
				for (const request of await cache.keys()) {
					if (!current.has(new URL(request.url).pathname)) await cache.delete(request);
				}
			})()
		);
	});
}
