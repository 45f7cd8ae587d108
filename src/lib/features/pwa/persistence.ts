// Asks the browser, once, not to evict Atrium's data. Apart from storageStatus.ts (what
// Settings shows), so a start with nothing to ask loads none of that (decision 0035).
import type { AtriumDatabase } from '../../db/database.ts';

/** The parts of `navigator.storage` used here and in storageStatus.ts, so tests can pass their own. */
export type StorageApi = Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>;

export const PERSISTENCE_ASKED_KEY = 'pwa.persistenceAsked';

export function storageApi(): StorageApi | null {
	return typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : null;
}

/**
 * Asks once, after the first conversation is stored, for storage the browser will not
 * evict. Chromium answers from its own signals without a dialog; Firefox asks the user,
 * which is why it happens once and at a moment with something to keep.
 */
export async function askPersistenceOnce(db: AtriumDatabase, storage: StorageApi | null = storageApi()): Promise<void> {
	if (!storage?.persist || !storage.persisted) return;
	if (await storage.persisted()) return;
	if (await db.settings.get(PERSISTENCE_ASKED_KEY)) return;
	await db.settings.put({ key: PERSISTENCE_ASKED_KEY, value: Date.now() });
	await storage.persist();
}
