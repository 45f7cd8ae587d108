/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The app shell and its assets are precached, so Atrium opens with no network and every
// conversation (in IndexedDB) stays usable. Heavy modules and data (WebLLM, pdf.js, OCR,
// tokenizer tables, SDKs) are not: they are cached the first time a feature loads them
// (decision 0022). Model lists and images are cached at run time
// (src/lib/features/pwa/sw/runtimeCaching.ts); the rest of /api is live by nature. It
// also asks an open page to send messages queued offline, and shows push notifications.
import { build, files, version } from '$service-worker';
import * as publicEnv from '$env/static/public';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { registerRuntimeCaching } from '$lib/features/pwa/sw/runtimeCaching.ts';
import { listenForSendQueueSync } from '$lib/features/pwa/sw/sendQueueSync.ts';
import { listenForPush } from '$lib/features/pwa/sw/pushNotifications.ts';
import { registerShareTarget } from '$lib/features/pwa/sw/shareTargetPost.ts';
import { registerModuleCache } from '$lib/features/pwa/sw/moduleCache.ts';

declare const self: ServiceWorkerGlobalScope;
// Files left for first use: set by the build (src/lib/features/pwa/precachePolicy.ts),
// absent in development.
const heavyList = (publicEnv as Record<string, string | undefined>).PUBLIC_ATRIUM_HEAVY_FILES;
const heavy = new Set<string>(heavyList ? (JSON.parse(heavyList) as string[]) : []);

// Hashed build files are immutable; the shell and static files carry the build version.
precacheAndRoute([
	...build.filter((url) => !heavy.has(url)).map((url) => ({ url, revision: null })),
	...files.map((url) => ({ url, revision: version })),
	{ url: '/', revision: version }
]);
cleanupOutdatedCaches();

// Every page is the same client-rendered shell: serve it for navigations, online or not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/'), { denylist: [/^\/api\//] }));
registerRuntimeCaching(self.location.origin);
registerModuleCache(self, build);
registerShareTarget(self.location.origin);
listenForSendQueueSync(self);
listenForPush(self);

// Take control of the first page at once, so it works offline without a reload. A newer
// worker waits rather than swapping files under a running page: until the open tabs close,
// or until the user presses Reload in the update toast (src/lib/features/pwa/), which
// asks it to skip waiting.
clientsClaim();
self.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
