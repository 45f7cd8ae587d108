// `npm start`: builds the app and runs it the way production does — one Worker under
// `wrangler dev` (local D1 and Durable Objects) serving the app's assets and /api on one
// URL. Provider keys in the environment become the edge's server-side keys.
import { resolve } from 'node:path';
import { writeEdgeEnvFile } from './lib/edgeEnv.ts';
import { startService, waitForHttp } from './lib/processGroup.ts';
import { run } from './lib/run.ts';

const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 1 || port > 65535) {
	console.error(`PORT must be a number between 1 and 65535 (got "${process.env.PORT}").`);
	process.exit(1);
}

const bin = (name: string) => resolve('node_modules/.bin', name);

if (process.env.ATRIUM_SKIP_BUILD !== '1') {
	console.log('Building the app…');
	await run(bin('vite'), ['build', '--logLevel', 'warn']);
}
// ATRIUM_STATE_DIR keeps local D1/Durable Object data elsewhere (tests use a fresh one).
const persist = process.env.ATRIUM_STATE_DIR ? ['--persist-to', resolve(process.env.ATRIUM_STATE_DIR)] : [];
await run(bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], { env: { CI: '1' } });

// ATRIUM_ASSETS_DIR serves a copy of the build from elsewhere (the update-flow test swaps
// files in it while the server runs; wrangler dev picks up changes to that directory).
const assets = process.env.ATRIUM_ASSETS_DIR ? ['--assets', resolve(process.env.ATRIUM_ASSETS_DIR)] : [];

const envFile = resolve(process.env.ATRIUM_STATE_DIR ?? '.wrangler', 'atrium-start.env');
// Local runs keep emails in the development outbox (GET /api/dev/outbox) unless told otherwise.
const keys = await writeEdgeEnvFile(envFile, { EMAIL_OUTBOX: '1', ...process.env });
const edge = startService(
	'edge',
	bin('wrangler'),
	['dev', '--port', String(port), '--ip', host, '--env-file', envFile, '--show-interactive-dev-session=false', '--log-level', 'warn', ...persist, ...assets],
	{ quiet: process.env.ATRIUM_QUIET === '1' }
);

const stop = async () => {
	await edge.stop();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
	await waitForHttp(`http://${host}:${port}/api/health`, edge);
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	await edge.stop();
	process.exit(1);
}
const shown = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
console.log(`\nAtrium is running at http://${shown}:${port}/`);
console.log(keys.length > 0 ? `Server-side settings: ${keys.join(', ')}` : 'No server-side model keys set (see README: Configuration).');
const code = await edge.exited;
process.exit(code ?? 0);
