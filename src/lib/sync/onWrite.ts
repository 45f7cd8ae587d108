// What records a local write as sync ops (localOps.ts), loaded with the first write: opening
// and reading a conversation needs none of it (decision 0038).
import { Dexie } from 'dexie';
import { OnUse } from '../ui/onUse.svelte.ts';

type LocalOps = typeof import('./localOps.ts');

const localOps = new OnUse(() => import('./localOps.ts'));

/**
 * localOps, loaded once; a failed load (offline before it was cached) rejects in words for the
 * user and is tried again on the next write. A caller's transaction (the send queue stores a
 * message inside its own) stays alive while the module arrives.
 */
export function loadLocalOps(): Promise<LocalOps> {
	const loading = localOps.load().catch((error: unknown) => {
		throw new Error(`Could not load what saving needs (${error instanceof Error ? error.message : String(error)}). Check your connection and try again.`, { cause: error });
	});
	return localOps.value ? loading : Dexie.waitFor(loading);
}
