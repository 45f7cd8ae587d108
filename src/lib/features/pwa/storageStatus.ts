// How much room Atrium's data takes and whether the browser may evict it (Settings → Storage).
// Browsers keep an origin's storage "best effort" (evictable under pressure) until it is made
// persistent; asking for that at startup is persistence.ts.
import { storageApi, type StorageApi } from './persistence.ts';

export interface StorageStatus {
	/** Bytes this origin uses, and the most it may use; null where the browser does not say. */
	usage: number | null;
	quota: number | null;
	/** Chromium's breakdown (indexedDB, caches, serviceWorkerRegistrations, ...). */
	details: Record<string, number>;
	/** null where the browser has no persistence API. */
	persisted: boolean | null;
}

export async function readStorageStatus(storage: StorageApi | null = storageApi()): Promise<StorageStatus> {
	if (!storage) return { usage: null, quota: null, details: {}, persisted: null };
	const [estimate, persisted] = await Promise.all([
		storage.estimate ? storage.estimate().catch(() => null) : null,
		storage.persisted ? storage.persisted().catch(() => null) : null
	]);
	const details = (estimate as { usageDetails?: Record<string, number> } | null)?.usageDetails ?? {};
	return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, details, persisted };
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB"; decimal steps of 1024 with at most one decimal, as file managers show. */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) return '—';
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < UNITS.length - 1) {
		value /= 1024;
		unit += 1;
	}
	if (unit === 0) return `${value} ${value === 1 ? 'byte' : 'bytes'}`;
	return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${UNITS[unit]}`;
}
