import { describe, expect, it } from 'vitest';
import { returnAfterSignUp, takeReturnAfterSignUp } from './returnTo.ts';

function memoryStorage(): Storage {
	const items = new Map<string, string>();
	return {
		get length() {
			return items.size;
		},
		clear: () => items.clear(),
		getItem: (key) => items.get(key) ?? null,
		key: (index) => [...items.keys()][index] ?? null,
		removeItem: (key) => void items.delete(key),
		setItem: (key, value) => void items.set(key, value)
	};
}

describe('returning after sign-up', () => {
	it('returns to the page that asked, once', () => {
		const storage = memoryStorage();
		returnAfterSignUp('/join#token=abc.def', storage, 1_000);
		expect(takeReturnAfterSignUp(storage, 2_000)).toBe('/join#token=abc.def');
		expect(takeReturnAfterSignUp(storage, 3_000)).toBeUndefined();
	});

	it('never sends anyone off the app, and forgets a request older than a day', () => {
		const storage = memoryStorage();
		for (const path of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'join']) {
			returnAfterSignUp(path, storage);
			expect(takeReturnAfterSignUp(storage), path).toBeUndefined();
		}
		storage.setItem('atrium:return-after-sign-up', JSON.stringify({ path: '//evil.example', at: 1 }));
		expect(takeReturnAfterSignUp(storage, 2)).toBeUndefined();
		returnAfterSignUp('/join#token=t', storage, 0);
		expect(takeReturnAfterSignUp(storage, 24 * 60 * 60 * 1000 + 1)).toBeUndefined();
		storage.setItem('atrium:return-after-sign-up', '{not json');
		expect(takeReturnAfterSignUp(storage)).toBeUndefined();
	});
});
