import { Worker } from 'node:worker_threads';
import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobSchema } from '../../src/lib/protocol/jobs.ts';
import { openDatabase } from './db.ts';
import { createJobStore, type JobStore } from './jobStore.ts';
import { makeTempDir, type TempDir } from './testSupport/tempDir.ts';

let dir: TempDir;
let db: Client;
let jobs: JobStore;
let clock: number;

beforeEach(async () => {
	dir = await makeTempDir();
	db = await openDatabase(dir.dbUrl());
	clock = Date.parse('2026-01-01T00:00:00.000Z');
	// Each call advances 1 ms so created_at order is the enqueue order.
	jobs = createJobStore(db, { now: () => clock++ });
});

afterEach(async () => {
	db.close();
	await dir.remove();
});

describe('enqueue and get', () => {
	it('stores a queued job with its spec and returns a valid wire record', async () => {
		const job = await jobs.enqueue({ kind: 'whisper', spec: { audio: 'blob:1', language: 'en' } });
		expect(jobSchema.parse(job)).toEqual(job);
		expect(job).toMatchObject({
			kind: 'whisper',
			status: 'queued',
			spec: { audio: 'blob:1', language: 'en' },
			result: null,
			error: null,
			progress: 0,
			createdAt: '2026-01-01T00:00:00.000Z'
		});
		expect(await jobs.get(job.id)).toEqual(job);
	});

	it('gives every job its own uuid', async () => {
		const a = await jobs.enqueue({ kind: 'sandbox', spec: {} });
		const b = await jobs.enqueue({ kind: 'sandbox', spec: {} });
		expect(a.id).not.toBe(b.id);
	});

	it('returns undefined for an unknown id', async () => {
		expect(await jobs.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
	});

	it('rejects an unknown kind before touching the table', async () => {
		// @ts-expect-error: an old client may send a kind this runner does not know.
		await expect(jobs.enqueue({ kind: 'teleport', spec: {} })).rejects.toThrow();
		expect(await jobs.countActive()).toEqual({ queued: 0, running: 0 });
	});
});

describe('claimNext', () => {
	it('claims the oldest queued job first and marks it running', async () => {
		const first = await jobs.enqueue({ kind: 'comfyui', spec: { n: 1 } });
		const second = await jobs.enqueue({ kind: 'llamacpp', spec: { n: 2 } });
		const claimed = await jobs.claimNext();
		expect(claimed).toMatchObject({ id: first.id, status: 'running' });
		expect(claimed?.updatedAt).not.toBe(first.updatedAt);
		expect((await jobs.claimNext())?.id).toBe(second.id);
		expect(await jobs.claimNext()).toBeUndefined();
	});

	it('never hands the same job to two concurrent claims on one client', async () => {
		for (let i = 0; i < 10; i++) await jobs.enqueue({ kind: 'sandbox', spec: { i } });
		const claims = await Promise.all(Array.from({ length: 25 }, () => jobs.claimNext()));
		const ids = claims.flatMap((job) => (job === undefined ? [] : [job.id]));
		expect(ids).toHaveLength(10);
		expect(new Set(ids).size).toBe(10);
	});

	it('never hands the same job to two workers racing on separate connections', async () => {
		const total = 200;
		for (let i = 0; i < total; i++) await jobs.enqueue({ kind: 'sandbox', spec: { i } });
		const barrier = new Int32Array(new SharedArrayBuffer(4));
		const workers = Array.from(
			{ length: 4 },
			() => new Worker(new URL('./testSupport/claimUntilEmpty.ts', import.meta.url), { workerData: { dbUrl: dir.dbUrl(), barrier } })
		);
		const results = workers.map(
			(worker) =>
				new Promise<string[]>((resolve, reject) => {
					worker.on('message', (message: { type: string; claimed?: string[] }) => {
						if (message.type === 'done') resolve(message.claimed ?? []);
					});
					worker.on('error', reject);
				})
		);
		await Promise.all(
			workers.map((worker) => new Promise((resolve) => worker.once('message', resolve)))
		);
		Atomics.store(barrier, 0, 1);
		Atomics.notify(barrier, 0);
		const perWorker = await Promise.all(results);
		const all = perWorker.flat();
		expect(all).toHaveLength(total);
		expect(new Set(all).size).toBe(total);
		expect(await jobs.countActive()).toEqual({ queued: 0, running: total });
	});
});

describe('updateProgress', () => {
	it('records progress of a running job only', async () => {
		const job = await jobs.enqueue({ kind: 'comfyui', spec: {} });
		expect(await jobs.updateProgress(job.id, 0.5)).toBeUndefined();
		await jobs.claimNext();
		expect(await jobs.updateProgress(job.id, 0.5)).toMatchObject({ progress: 0.5, status: 'running' });
	});

	it.each([-0.1, 1.1, Number.NaN])('rejects progress %s', async (progress) => {
		const job = await jobs.enqueue({ kind: 'comfyui', spec: {} });
		await jobs.claimNext();
		expect(() => jobs.updateProgress(job.id, progress)).toThrow(RangeError);
	});
});

describe('finish', () => {
	it('succeeds a running job with its result and full progress', async () => {
		const job = await jobs.enqueue({ kind: 'llamacpp', spec: {} });
		await jobs.claimNext();
		const done = await jobs.finish(job.id, { status: 'succeeded', result: { text: 'hi', tokens: [1, 2] } });
		expect(done).toMatchObject({ status: 'succeeded', result: { text: 'hi', tokens: [1, 2] }, progress: 1, error: null });
	});

	it('fails a running job with a message', async () => {
		const job = await jobs.enqueue({ kind: 'whisper', spec: {} });
		await jobs.claimNext();
		expect(await jobs.finish(job.id, { status: 'failed', error: 'CUDA out of memory' })).toMatchObject({
			status: 'failed',
			error: 'CUDA out of memory',
			result: null
		});
	});

	it('cancels a queued job, which then cannot be claimed', async () => {
		const job = await jobs.enqueue({ kind: 'sandbox', spec: {} });
		expect(await jobs.finish(job.id, { status: 'cancelled' })).toMatchObject({ status: 'cancelled' });
		expect(await jobs.claimNext()).toBeUndefined();
	});

	it('refuses transitions the lifecycle does not allow', async () => {
		const job = await jobs.enqueue({ kind: 'sandbox', spec: {} });
		// Not claimed yet: it cannot have succeeded or failed.
		expect(await jobs.finish(job.id, { status: 'succeeded', result: null })).toBeUndefined();
		expect(await jobs.finish(job.id, { status: 'failed', error: 'x' })).toBeUndefined();
		await jobs.claimNext();
		await jobs.finish(job.id, { status: 'succeeded', result: null });
		// Terminal: nothing moves it again.
		expect(await jobs.finish(job.id, { status: 'cancelled' })).toBeUndefined();
		expect(await jobs.finish(job.id, { status: 'failed', error: 'late' })).toBeUndefined();
		expect(await jobs.updateProgress(job.id, 0.2)).toBeUndefined();
		expect(await jobs.get(job.id)).toMatchObject({ status: 'succeeded', error: null });
	});
});

describe('listByStatus and countActive', () => {
	it('lists oldest first and counts queued and running jobs', async () => {
		const a = await jobs.enqueue({ kind: 'sandbox', spec: { a: 1 } });
		const b = await jobs.enqueue({ kind: 'sandbox', spec: { b: 1 } });
		const c = await jobs.enqueue({ kind: 'sandbox', spec: { c: 1 } });
		await jobs.claimNext();
		expect((await jobs.listByStatus('queued')).map((job) => job.id)).toEqual([b.id, c.id]);
		expect((await jobs.listByStatus('running')).map((job) => job.id)).toEqual([a.id]);
		expect((await jobs.listByStatus('queued', { limit: 1 })).map((job) => job.id)).toEqual([b.id]);
		expect(await jobs.countActive()).toEqual({ queued: 2, running: 1 });
	});
});

describe('persistence', () => {
	it('keeps jobs and their state across closing and reopening the same file', async () => {
		const kept = await jobs.enqueue({ kind: 'comfyui', spec: { prompt: 'a lighthouse at dusk' } });
		const running = await jobs.enqueue({ kind: 'whisper', spec: {} });
		await jobs.finish(kept.id, { status: 'cancelled' });
		await jobs.claimNext();
		db.close();

		db = await openDatabase(dir.dbUrl());
		jobs = createJobStore(db);
		expect(await jobs.get(kept.id)).toMatchObject({ status: 'cancelled', spec: { prompt: 'a lighthouse at dusk' } });
		expect(await jobs.get(running.id)).toMatchObject({ status: 'running' });
		expect(await jobs.countActive()).toEqual({ queued: 0, running: 1 });
	});
});
