/// <reference lib="webworker" />
// What the service worker caches at run time, beyond the precached app shell:
// - model lists (GET /api/models): stale-while-revalidate, so the picker lists the
//   server's models offline (after one online visit) and a fresh list lands for next time;
// - images: cache-first, at most IMAGE_MAX_ENTRIES of them, none over IMAGE_MAX_BYTES,
//   evicted least-recently-used and first to go when storage runs short.
// Everything else under /api (chat, auth, accounts, push) goes to the network only.
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, StaleWhileRevalidate } from 'workbox-strategies';
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { IMAGES_CACHE, MODELS_CACHE } from '../swProtocol.ts';

export const IMAGE_MAX_ENTRIES = 200;
/** Bigger images are shown but not kept: a few photos must not crowd out conversations. */
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
const IMAGE_MAX_AGE_S = 30 * 24 * 60 * 60;

/** Keeps only responses that say how big they are and are small enough. */
const sizeLimit: WorkboxPlugin = {
	cacheWillUpdate: async ({ response }) => {
		const length = Number(response.headers.get('content-length'));
		return length > 0 && length <= IMAGE_MAX_BYTES ? response : null;
	}
};

export function registerRuntimeCaching(origin: string): void {
	registerRoute(
		({ url, request }) => url.origin === origin && url.pathname === '/api/models' && request.method === 'GET',
		new StaleWhileRevalidate({
			cacheName: MODELS_CACHE,
			// Only a good list: a 401 or 5xx must not stand in for the models offline.
			plugins: [new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: 4 })]
		})
	);
	registerRoute(
		({ url, request }) => request.destination === 'image' && !url.pathname.startsWith('/api/auth'),
		new CacheFirst({
			cacheName: IMAGES_CACHE,
			plugins: [
				// Status 200 only: an opaque cross-origin answer (status 0) counts as megabytes
				// against the quota in Chromium whatever its size, and may be an error page.
				new CacheableResponsePlugin({ statuses: [200] }),
				sizeLimit,
				new ExpirationPlugin({ maxEntries: IMAGE_MAX_ENTRIES, maxAgeSeconds: IMAGE_MAX_AGE_S, purgeOnQuotaError: true })
			]
		})
	);
}
