// The runner's HTTP app, built from its dependencies so tests drive it in-process with
// `app.request()` and main.ts only adds the socket, signals and process lifetime.
import type { Client } from '@libsql/client';
import { Hono } from 'hono';
import type { RunnerHealth } from '../../src/lib/protocol/jobs.ts';
import { apiError } from './apiError.ts';
import { requireBearerToken } from './auth.ts';
import type { RunnerConfig } from './config.ts';
import { createJobStore } from './jobStore.ts';
import { silentLogger, type Logger } from './log.ts';
import { RUNNER_VERSION } from './version.ts';

export interface AppDependencies {
	db: Client;
	config: RunnerConfig;
	logger?: Logger;
	/** When the service started, in ms since the epoch (for uptime); defaults to now. */
	startedAt?: number;
	/** Milliseconds since the epoch; injectable for uptime tests. */
	now?: () => number;
}

export function createApp({ db, config, logger = silentLogger, startedAt, now = Date.now }: AppDependencies): Hono {
	const jobs = createJobStore(db, { now });
	const started = startedAt ?? now();
	const app = new Hono();

	app.use(async (c, next) => {
		const begin = performance.now();
		await next();
		// Probes hit /health every few seconds; logging each success would bury real traffic.
		if (c.req.path === '/health' && c.res.ok) {
			return;
		}
		logger.info('request', {
			method: c.req.method,
			path: c.req.path,
			status: c.res.status,
			ms: Math.round(performance.now() - begin)
		});
	});

	if (config.token !== undefined) {
		app.use(requireBearerToken(config.token));
	}

	app.get('/health', async (c) => {
		const body: RunnerHealth = {
			ok: true,
			service: 'atrium-gpu-runner',
			version: RUNNER_VERSION,
			uptimeSeconds: Math.max(0, Math.floor((now() - started) / 1000)),
			queue: await jobs.countActive()
		};
		return c.json(body);
	});

	app.notFound((c) => apiError(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`));

	app.onError((error, c) => {
		logger.error('unhandled error', { method: c.req.method, path: c.req.path, error });
		return apiError(c, 500, 'internal', 'The runner hit an internal error; see its logs.');
	});

	return app;
}
