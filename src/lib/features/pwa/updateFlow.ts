// The update flow, loaded when there is an update to act on (decision 0035): a new worker
// waits, or another tab switched to one. workbox-window takes the registration over (it
// finds the waiting worker) and carries Reload out; AppUpdate decides when (never under a
// streaming reply); UpdateToast says so.
import { Workbox } from 'workbox-window';
import { liveStreamIds, repliesSettled } from '../chat/streamLocks.ts';
import { AppUpdate } from './appUpdate.svelte.ts';
import type { WorkerScript } from './serviceWorker.ts';
import UpdateToast from './UpdateToast.svelte';

export interface UpdateFlow {
	update: AppUpdate;
	Toast: typeof UpdateToast;
}

export async function startUpdateFlow(script: WorkerScript): Promise<UpdateFlow> {
	const wb = new Workbox(script.url, script.options);
	// The page has loaded long before; the same script resolves to the existing registration.
	await wb.register({ immediate: true });
	const update = new AppUpdate({
		// Posts { type: 'SKIP_WAITING' } to the registration's waiting worker.
		skipWaiting: () => wb.messageSkipWaiting(),
		reload: () => location.reload(),
		replyStreaming: async () => (await liveStreamIds()).size > 0,
		repliesSettled
	});
	return { update, Toast: UpdateToast };
}
