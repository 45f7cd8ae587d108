import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtriumDatabase } from '../../db/database.ts';
import { askPersistenceOnce, PERSISTENCE_ASKED_KEY, type StorageApi } from './persistence.ts';
import { formatBytes, readStorageStatus } from './storageStatus.ts';

/** A StorageManager stand-in that grants persistence when asked, if `grants`. */
function fakeStorage({ persisted = false, grants = true, usage = 1536, quota = 10 * 1024 ** 3 } = {}) {
	let state = persisted;
	const asked: number[] = [];
	const storage: StorageApi = {
		estimate: async () => ({ usage, quota, usageDetails: { indexedDB: 1024, caches: 512 } }) as StorageEstimate,
		persisted: async () => state,
		persist: async () => {
			asked.push(Date.now());
			state = grants;
			return grants;
		}
	};
	return { storage, asked };
}

describe('formatBytes', () => {
	it('uses binary steps with at most one decimal', () => {
		expect(formatBytes(0)).toBe('0 bytes');
		expect(formatBytes(1)).toBe('1 byte');
		expect(formatBytes(1536)).toBe('1.5 KB');
		expect(formatBytes(5 * 1024 ** 2)).toBe('5 MB');
		expect(formatBytes(123.4 * 1024 ** 3)).toBe('123 GB');
		expect(formatBytes(Number.NaN)).toBe('—');
	});
});

describe('readStorageStatus', () => {
	it('reports usage, quota, the breakdown and persistence', async () => {
		const { storage } = fakeStorage();
		expect(await readStorageStatus(storage)).toEqual({
			usage: 1536,
			quota: 10 * 1024 ** 3,
			details: { indexedDB: 1024, caches: 512 },
			persisted: false
		});
	});

	it('says nothing it cannot know', async () => {
		expect(await readStorageStatus(null)).toEqual({ usage: null, quota: null, details: {}, persisted: null });
		const failing = { estimate: () => Promise.reject(new Error('no')), persisted: () => Promise.reject(new Error('no')) };
		expect(await readStorageStatus(failing as unknown as StorageApi)).toMatchObject({ usage: null, persisted: null });
	});
});

describe('askPersistenceOnce', () => {
	let db: AtriumDatabase;
	beforeEach(() => {
		db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
	});
	afterEach(async () => {
		await db.delete();
	});

	it('asks once and remembers it asked, whatever the answer', async () => {
		const { storage, asked } = fakeStorage({ grants: false });
		await askPersistenceOnce(db, storage);
		await askPersistenceOnce(db, storage);
		expect(asked).toHaveLength(1);
		expect(await db.settings.get(PERSISTENCE_ASKED_KEY)).toBeTruthy();
	});

	it('does not ask when storage is already persistent or the API is missing', async () => {
		const { storage, asked } = fakeStorage({ persisted: true });
		await askPersistenceOnce(db, storage);
		await askPersistenceOnce(db, null);
		expect(asked).toHaveLength(0);
	});
});
