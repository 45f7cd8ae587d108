/// <reference lib="webworker" />
// Web Push in the service worker: a push message becomes a notification (unless it is a
// room message for the room on screen), and a click brings Atrium to the place it is about:
// the window already there, else an open window taken there, else a new one.
import { alreadyOnScreen, clickTarget, pickWindow, planNotification } from '../../notifications/notificationTarget.ts';

function readJson(event: PushEvent): unknown {
	try {
		return event.data?.json() as unknown;
	} catch {
		return null;
	}
}

export function listenForPush(scope: ServiceWorkerGlobalScope): void {
	scope.addEventListener('push', (event) => {
		const plan = planNotification(readJson(event));
		if (!plan) return;
		event.waitUntil(
			(async () => {
				const windows = await scope.clients.matchAll({ type: 'window' });
				if (alreadyOnScreen(plan, windows, scope.location.origin)) return;
				await scope.registration.showNotification(plan.title, plan.options);
			})()
		);
	});

	scope.addEventListener('notificationclick', (event) => {
		event.notification.close();
		const target = clickTarget(event.notification.data, scope.location.origin);
		event.waitUntil(
			(async () => {
				const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
				const choice = pickWindow(windows, target);
				if (!choice) {
					await scope.clients.openWindow(target);
					return;
				}
				const shown = choice.navigate ? ((await choice.window.navigate(target)) ?? choice.window) : choice.window;
				// Focusing needs the click's user activation; a window that cannot take focus still went to the right place.
				await shown.focus().catch(() => undefined);
			})()
		);
	});
}
