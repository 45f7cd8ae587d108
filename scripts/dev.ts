// `npm run dev`: Vite's dev server with hot reload on PORT, the edge under `wrangler dev`
// on EDGE_PORT, /api proxied by Vite so the browser still sees one origin.
import { resolve } from 'node:path';
import { writeEdgeEnvFile } from './lib/edgeEnv.ts';
import { startService, waitForHttp } from './lib/processGroup.ts';
import { run } from './lib/run.ts';

const port = Number(process.env.PORT ?? 5173);
const edgePort = Number(process.env.EDGE_PORT ?? 8787);
const bin = (name: string) => resolve('node_modules/.bin', name);

await run(bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local'], { env: { CI: '1' } });
const envFile = resolve('.wrangler/atrium-dev.env');
// Emails land in the development outbox (GET /api/dev/outbox) unless told otherwise.
await writeEdgeEnvFile(envFile, { EMAIL_OUTBOX: '1', ...process.env });
const edge = startService('edge', bin('wrangler'), [
	'dev', '--port', String(edgePort), '--ip', '127.0.0.1', '--env-file', envFile, '--show-interactive-dev-session=false'
]);
await waitForHttp(`http://127.0.0.1:${edgePort}/api/health`, edge);
const app = startService('app', bin('vite'), ['dev', '--port', String(port), '--strictPort'], {
	env: { EDGE_PORT: String(edgePort) }
});

const stop = async () => {
	await Promise.all([app.stop(), edge.stop()]);
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await Promise.race([app.exited, edge.exited]);
await stop();
