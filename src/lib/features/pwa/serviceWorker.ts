// Registers src/service-worker.ts with workbox-window (Kit's own registration is off in
// svelte.config.js) and reports the lifecycle moments the update flow acts on.
import { Workbox } from 'workbox-window';

/** How often a long-open tab asks the server for a newer worker. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export interface ServiceWorkerEvents {
	/** A new worker is installed and waiting (this page's, or one another tab found). */
	onWaiting(): void;
	/** A worker took control; `replacedController` is false for the page's first one. */
	onControllerChange(replacedController: boolean): void;
	/** Registers the module worker Vite serves during development. */
	dev?: boolean;
}

export interface ServiceWorkerHandle {
	/** Asks the waiting worker to take over (it listens for `{ type: 'SKIP_WAITING' }`). */
	skipWaiting(): void;
	/** Stops the periodic update checks. */
	stop(): void;
}

/** Registers the worker once the page has loaded; checks for updates when the tab shows. */
export function registerServiceWorker(events: ServiceWorkerEvents): ServiceWorkerHandle {
	if (!('serviceWorker' in navigator)) return { skipWaiting() {}, stop() {} };
	const wb = new Workbox('/service-worker.js', { type: events.dev ? 'module' : 'classic' });
	let controlled = navigator.serviceWorker.controller !== null;

	wb.addEventListener('waiting', () => events.onWaiting());
	wb.addEventListener('controlling', () => {
		const replaced = controlled;
		controlled = true;
		events.onControllerChange(replaced);
	});

	const check = () => {
		if (document.visibilityState === 'visible') void wb.update().catch(() => undefined);
	};
	document.addEventListener('visibilitychange', check);
	const timer = setInterval(check, UPDATE_CHECK_MS);
	void wb
		.register()
		.then((registration) => registration && reportEveryUpdate(registration, events.onWaiting))
		.catch((error: unknown) => console.warn('Service worker registration failed:', error));

	return {
		skipWaiting: () => wb.messageSkipWaiting(),
		stop() {
			document.removeEventListener('visibilitychange', check);
			clearInterval(timer);
		}
	};
}

/**
 * workbox-window reports only the first update it did not start itself, so a page open
 * for days, or one whose first update failed to install, would never hear of the next.
 */
function reportEveryUpdate(registration: ServiceWorkerRegistration, onWaiting: () => void): void {
	registration.addEventListener('updatefound', () => {
		const worker = registration.installing;
		// The first install has no active worker to wait behind.
		if (!worker || !registration.active) return;
		worker.addEventListener('statechange', () => {
			if (worker.state === 'installed' && registration.waiting === worker) onWaiting();
		});
	});
}
