import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../protocol/chat.ts';
import { cachedModelList, createMemoryModelListStore, type ModelListStore } from './modelListCache.ts';

const model = (id: string): ModelInfo => ({
	id,
	name: id,
	source: 'openai',
	capabilities: { streaming: true, vision: false, tools: false }
});

/** A loader that counts its calls and answers with a new list each time. */
function countingLoader() {
	const loader = {
		calls: 0,
		load: async () => {
			loader.calls += 1;
			return [model(`m${loader.calls}`)];
		}
	};
	return loader;
}

describe('cachedModelList', () => {
	it('serves the stored list for ten minutes, then loads again', async () => {
		let clock = 1_000_000;
		const options = { store: createMemoryModelListStore(), now: () => clock };
		const loader = countingLoader();

		expect(await cachedModelList('a', loader.load, options)).toEqual([model('m1')]);
		clock += 10 * 60 * 1000 - 1;
		expect(await cachedModelList('a', loader.load, options)).toEqual([model('m1')]);
		expect(loader.calls).toBe(1);

		clock += 1;
		expect(await cachedModelList('a', loader.load, options)).toEqual([model('m2')]);
		expect(loader.calls).toBe(2);
	});

	it('keeps one list per key', async () => {
		const options = { store: createMemoryModelListStore() };
		await cachedModelList('a', async () => [model('a')], options);
		expect(await cachedModelList('b', async () => [model('b')], options)).toEqual([model('b')]);
		expect(await cachedModelList('a', async () => [model('changed')], options)).toEqual([model('a')]);
	});

	it('reloads every time with ttlMs 0 (a forced refresh)', async () => {
		const options = { store: createMemoryModelListStore(), ttlMs: 0 };
		const loader = countingLoader();
		await cachedModelList('a', loader.load, options);
		expect(await cachedModelList('a', loader.load, options)).toEqual([model('m2')]);
	});

	it('shares one in-flight load between concurrent callers', async () => {
		const options = { store: createMemoryModelListStore() };
		let release: (models: ModelInfo[]) => void = () => {};
		let calls = 0;
		const load = () => {
			calls += 1;
			return new Promise<ModelInfo[]>((resolve) => (release = resolve));
		};
		const first = cachedModelList('a', load, options);
		const second = cachedModelList('a', load, options);
		// The store read is asynchronous; let both callers get past it before answering.
		await new Promise((resolve) => setTimeout(resolve, 0));
		release([model('shared')]);

		expect(await Promise.all([first, second])).toEqual([[model('shared')], [model('shared')]]);
		expect(calls).toBe(1);
	});

	it('does not keep a failure: the next call loads again', async () => {
		const options = { store: createMemoryModelListStore() };
		await expect(cachedModelList('a', () => Promise.reject(new Error('offline')), options)).rejects.toThrow('offline');
		expect(await cachedModelList('a', async () => [model('back')], options)).toEqual([model('back')]);
	});

	it('works with an asynchronous store such as IndexedDB, and writes what it loaded', async () => {
		const rows = new Map<string, { models: ModelInfo[]; fetchedAt: number }>();
		const store: ModelListStore = {
			get: async (key) => rows.get(key),
			set: async (key, value) => void rows.set(key, value)
		};
		rows.set('a', { models: [model('from-disk')], fetchedAt: 5_000 });

		expect(await cachedModelList('a', async () => [model('net')], { store, now: () => 6_000 })).toEqual([model('from-disk')]);
		expect(await cachedModelList('a', async () => [model('net')], { store, now: () => 5_000 + 600_000 })).toEqual([model('net')]);
		expect(rows.get('a')).toEqual({ models: [model('net')], fetchedAt: 605_000 });
	});

	it('treats a list from the future (clock set back) as stale', async () => {
		const store = createMemoryModelListStore();
		await cachedModelList('a', async () => [model('old')], { store, now: () => 2_000_000 });
		expect(await cachedModelList('a', async () => [model('new')], { store, now: () => 1_000_000 })).toEqual([model('new')]);
	});
});
