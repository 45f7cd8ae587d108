// Registers src/service-worker.ts (Kit's own registration is off in svelte.config.js) with
// the browser's own API and watches for the moments the update flow acts on. workbox-window
// is not needed for that: it loads with the update flow (updateFlow.ts) once a new worker
// waits or another tab switched to one (decision 0035).

/** How often a long-open tab asks the server for a newer worker. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** The worker's script and how it is registered (shared with updateFlow.ts). */
export interface WorkerScript {
	url: string;
	options: RegistrationOptions;
}

export function workerScript(dev: boolean): WorkerScript {
	// Vite serves a module worker during development.
	return { url: '/service-worker.js', options: { type: dev ? 'module' : 'classic' } };
}

export interface ServiceWorkerEvents {
	/** A new worker is installed and waiting (this page's, or one another tab found). */
	onWaiting(): void;
	/** A worker took control; `replacedController` is false for the page's first one. */
	onControllerChange(replacedController: boolean): void;
}

/** Registers the worker; checks for updates when the tab shows. Returns a function that stops. */
export function registerServiceWorker(script: WorkerScript, events: ServiceWorkerEvents): () => void {
	if (!('serviceWorker' in navigator)) return () => undefined;
	const container = navigator.serviceWorker;
	let controlled = container.controller !== null;
	let registration: ServiceWorkerRegistration | undefined;

	const onControllerChange = () => {
		const replaced = controlled;
		controlled = true;
		events.onControllerChange(replaced);
	};
	const check = () => {
		if (document.visibilityState !== 'visible' || !registration) return;
		// Said again while a worker waits: the flow may have failed to load the first time.
		if (registration.waiting && registration.active) events.onWaiting();
		void registration.update().catch(() => undefined);
	};
	container.addEventListener('controllerchange', onControllerChange);
	document.addEventListener('visibilitychange', check);
	const timer = setInterval(check, UPDATE_CHECK_MS);
	container
		.register(script.url, script.options)
		.then((registered) => {
			registration = registered;
			reportEveryUpdate(registered, events.onWaiting);
		})
		.catch((error: unknown) => console.warn('Service worker registration failed:', error));

	return () => {
		container.removeEventListener('controllerchange', onControllerChange);
		document.removeEventListener('visibilitychange', check);
		clearInterval(timer);
	};
}

/**
 * Reports a worker that waits now (found by this page's navigation, or by another tab) and
 * every one that installs later, however long the page stays open.
 */
function reportEveryUpdate(registration: ServiceWorkerRegistration, onWaiting: () => void): void {
	const follow = (worker: ServiceWorker | null) => {
		// The first install has no active worker to wait behind.
		if (!worker || !registration.active) return;
		const installed = () => {
			if (worker.state !== 'installed' || registration.waiting !== worker) return false;
			onWaiting();
			return true;
		};
		if (installed()) return;
		const onStateChange = () => {
			if (installed() || worker.state === 'redundant') worker.removeEventListener('statechange', onStateChange);
		};
		worker.addEventListener('statechange', onStateChange);
	};
	follow(registration.waiting);
	follow(registration.installing);
	registration.addEventListener('updatefound', () => follow(registration.installing));
}
