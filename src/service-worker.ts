/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The app shell and its assets are precached, so Atrium opens with no network and every
// conversation (in IndexedDB) stays usable. Model lists and images are cached at run time
// (src/lib/features/pwa/sw/runtimeCaching.ts); the rest of /api is live by nature. It
// also asks an open page to send messages queued offline, and shows push notifications.
import { build, files, version } from '$service-worker';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { registerRuntimeCaching } from '$lib/features/pwa/sw/runtimeCaching.ts';
import { listenForSendQueueSync } from '$lib/features/pwa/sw/sendQueueSync.ts';
import { listenForPush } from '$lib/features/pwa/sw/pushNotifications.ts';
import { registerShareTarget } from '$lib/features/pwa/sw/shareTargetPost.ts';

declare const self: ServiceWorkerGlobalScope;

// Hashed build files are immutable; the shell and static files carry the build version.
precacheAndRoute([
	...build.map((url) => ({ url, revision: null })),
	...files.map((url) => ({ url, revision: version })),
	{ url: '/', revision: version }
]);
cleanupOutdatedCaches();

// Every page is the same client-rendered shell: serve it for navigations, online or not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/'), { denylist: [/^\/api\//] }));
registerRuntimeCaching(self.location.origin);
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
