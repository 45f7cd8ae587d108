// What pull to refresh does: syncs this device with the account (when sync runs) and asks
// every model source for its list again. The conversation list itself is a live query
// over IndexedDB, so whatever sync brings in shows up on its own.
import { workspace } from '$lib/features/workspace.svelte.ts';

export async function refreshEverything(): Promise<void> {
	const results = await Promise.allSettled([
		import('$lib/sync/syncer.svelte.ts').then(({ syncNow }) => syncNow()),
		workspace().catalog.refresh(true)
	]);
	const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
	if (failed) throw failed.reason;
}
