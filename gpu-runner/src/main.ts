// Entry point: `node src/main.ts`. Reads the config, opens the job database, serves the app,
// and on SIGTERM/SIGINT stops taking requests and closes the database before exiting 0.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type RunnerConfig } from './config.ts';
import { openDatabase } from './db.ts';
import { createLogger } from './log.ts';
import { RUNNER_VERSION } from './version.ts';

/** In-flight requests get this long after a signal before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

const logger = createLogger();

async function main(): Promise<void> {
	let config: RunnerConfig;
	try {
		config = loadConfig(process.env);
	} catch (error) {
		if (error instanceof ConfigError) {
			logger.error(error.message, { issues: error.issues });
			process.exitCode = 1;
			return;
		}
		throw error;
	}

	const db = await openDatabase(config.dbUrl);
	const startedAt = Date.now();
	const app = createApp({ db, config, logger, startedAt });

	const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
		logger.info('listening', {
			version: RUNNER_VERSION,
			host: info.address,
			port: info.port,
			auth: config.token === undefined ? 'none' : 'bearer'
		});
	});

	server.on('error', (error: Error) => {
		logger.error('server error', { error });
		db.close();
		process.exit(1);
	});

	let stopping = false;
	const shutdown = (signal: NodeJS.Signals) => {
		if (stopping) {
			logger.warn('second signal, exiting now', { signal });
			process.exit(1);
		}
		stopping = true;
		logger.info('shutting down', { signal });
		// unref: a clean close must not wait for this timer to fire.
		setTimeout(() => {
			logger.error('shutdown timed out, exiting', { graceMs: SHUTDOWN_GRACE_MS });
			process.exit(1);
		}, SHUTDOWN_GRACE_MS).unref();
		server.close((error) => {
			db.close();
			if (error !== undefined) {
				logger.error('server close failed', { error });
				process.exitCode = 1;
			}
			logger.info('stopped');
		});
		// close() only stops new connections; idle keep-alive sockets would hold it open.
		if ('closeIdleConnections' in server) {
			server.closeIdleConnections();
		}
	};
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
	logger.error('failed to start', { error });
	process.exitCode = 1;
});
