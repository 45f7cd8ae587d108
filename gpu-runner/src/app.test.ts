import type { Client } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../src/lib/protocol/chat.ts';
import { runnerHealthSchema } from '../../src/lib/protocol/jobs.ts';
import { createApp } from './app.ts';
import type { RunnerConfig } from './config.ts';
import { openDatabase } from './db.ts';
import { createJobStore } from './jobStore.ts';
import { makeTempDir, type TempDir } from './testSupport/tempDir.ts';
import { RUNNER_VERSION } from './version.ts';

const TOKEN = 'test-token-0123456789abcdef';

let dir: TempDir;
let db: Client;

beforeEach(async () => {
	dir = await makeTempDir();
	db = await openDatabase(dir.dbUrl());
});

afterEach(async () => {
	db.close();
	await dir.remove();
});

function config(overrides: Partial<RunnerConfig> = {}): RunnerConfig {
	return { port: 0, host: '127.0.0.1', dbUrl: dir.dbUrl(), token: undefined, ...overrides };
}

describe('GET /health', () => {
	it('reports the service, version, uptime and an empty queue', async () => {
		let now = 1_000_000;
		const app = createApp({ db, config: config(), startedAt: now, now: () => now });
		now += 42_700;
		const res = await app.request('/health');
		expect(res.status).toBe(200);
		const body = runnerHealthSchema.parse(await res.json());
		expect(body).toEqual({
			ok: true,
			service: 'atrium-gpu-runner',
			version: RUNNER_VERSION,
			uptimeSeconds: 42,
			queue: { queued: 0, running: 0 }
		});
	});

	it('counts queued and running jobs from the job table', async () => {
		const app = createApp({ db, config: config() });
		const jobs = createJobStore(db);
		await jobs.enqueue({ kind: 'comfyui', spec: {} });
		await jobs.enqueue({ kind: 'whisper', spec: {} });
		expect(runnerHealthSchema.parse(await (await app.request('/health')).json()).queue).toEqual({ queued: 2, running: 0 });

		await jobs.claimNext();
		expect(runnerHealthSchema.parse(await (await app.request('/health')).json()).queue).toEqual({ queued: 1, running: 1 });
	});
});

describe('bearer token', () => {
	it('leaves every route open when no token is configured', async () => {
		const app = createApp({ db, config: config() });
		const res = await app.request('/no-such-route');
		expect(res.status).toBe(404);
		expect(apiErrorSchema.parse(await res.json()).error.code).toBe('not_found');
	});

	it('keeps /health open when a token is configured', async () => {
		const app = createApp({ db, config: config({ token: TOKEN }) });
		expect((await app.request('/health')).status).toBe(200);
	});

	it.each([
		['no header', {}],
		['a wrong token', { authorization: 'Bearer wrong-token-0123456789abc' }],
		['another scheme', { authorization: `Basic ${TOKEN}` }],
		['an empty bearer', { authorization: 'Bearer ' }]
	])('answers 401 JSON with %s', async (_label, headers: Record<string, string>) => {
		const app = createApp({ db, config: config({ token: TOKEN }) });
		const res = await app.request('/jobs', { headers });
		expect(res.status).toBe(401);
		expect(res.headers.get('www-authenticate')).toBe('Bearer realm="atrium-gpu-runner"');
		const body = apiErrorSchema.parse(await res.json());
		expect(body.error.code).toBe('unauthorized');
		expect(body.error.message).toMatch(/bearer token/i);
	});

	it('lets the right token through to routing', async () => {
		const app = createApp({ db, config: config({ token: TOKEN }) });
		const res = await app.request('/jobs', { headers: { authorization: `Bearer ${TOKEN}` } });
		// Past auth, an unknown route is a plain 404, not a 401.
		expect(res.status).toBe(404);
		expect(apiErrorSchema.parse(await res.json()).error.code).toBe('not_found');
	});
});
