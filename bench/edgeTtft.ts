// Time to first token through the edge versus straight to the upstream: what the proxy
// (validation, rate-limit Durable Object, model check, SSE re-framing) adds. Starts the
// fake OpenAI server and the edge under `wrangler dev`, then sends interleaved pairs of
// identical requests to both. Run alone with `node bench/edgeTtft.ts`, or via `npm run bench`.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startService, waitForHttp, type Service } from '../scripts/lib/processGroup.ts';
import { startFakeOpenAI } from '../tests/fixtures/fakeOpenAI.ts';

const WARMUP_PAIRS = 15;
const MEASURED_PAIRS = 60;
const MODEL = 'gpt-4o-mini';
const BENCH_KEY = 'sk-bench-edge-ttft';

export default async function bench(): Promise<Record<string, number>> {
	const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
	const wrangler = join(repoRoot, 'node_modules/.bin/wrangler');
	const state = await mkdtemp(join(tmpdir(), 'atrium-edge-ttft-'));
	const upstream = await startFakeOpenAI({ apiKey: BENCH_KEY, chunkDelayMs: 0 });
	let edge: Service | undefined;
	try {
		// The key travels in a private env file, not on the command line; the burst limit and
		// the daily quota are lifted (still counted) because the bench is one client sending a
		// hundred-odd calls in seconds.
		const envFile = join(state, 'edge.env');
		await writeFile(
			envFile,
			`OPENAI_API_KEY=${BENCH_KEY}\nOPENAI_BASE_URL=${upstream.url}\nRATE_LIMIT_MAX=100000\nQUOTA_ANONYMOUS_DAILY_REQUESTS=100000\n`,
			{ mode: 0o600 }
		);
		const persist = ['--persist-to', join(state, 'wrangler')];
		const migrate = startService('d1-migrate', wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], {
			cwd: repoRoot,
			env: { CI: '1' },
			quiet: true
		});
		if ((await migrate.exited) !== 0) throw new Error('wrangler d1 migrations apply failed');

		// Only /api is measured; an empty assets dir spares the bench an app build.
		const assets = join(state, 'assets');
		await mkdir(assets);
		const port = await freePort();
		const output: string[] = [];
		edge = startService(
			'edge',
			wrangler,
			[
				'dev',
				'--port', String(port),
				'--ip', '127.0.0.1',
				'--env-file', envFile,
				'--assets', assets,
				'--show-interactive-dev-session=false',
				'--log-level', 'warn',
				...persist
			],
			// The bench never reads request.cf; without this, an offline machine waits 3 s for it.
			{ cwd: repoRoot, quiet: true, env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false' }, onOutput: (line) => output.push(line) }
		);
		const edgeUrl = `http://127.0.0.1:${port}`;
		await waitForHttp(`${edgeUrl}/api/health`, edge).catch((error: unknown) => {
			throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output.slice(-20).join('\n')}`);
		});

		const direct = () => firstTokenMs(`${upstream.url}/chat/completions`, directBody(), { Authorization: `Bearer ${BENCH_KEY}` }, isOpenAITextFrame);
		const viaEdge = () => firstTokenMs(`${edgeUrl}/api/chat`, edgeBody(), {}, isEdgeTextFrame);

		for (let i = 0; i < WARMUP_PAIRS; i++) {
			await direct();
			await retried(viaEdge);
		}
		const directMs: number[] = [];
		const edgeMs: number[] = [];
		const addedMs: number[] = [];
		for (let i = 0; i < MEASURED_PAIRS; i++) {
			// Alternating the order cancels out any advantage of going first in a pair.
			const [d, e] = i % 2 === 0 ? [await direct(), await viaEdge()] : swap(await viaEdge(), await direct());
			directMs.push(d);
			edgeMs.push(e);
			addedMs.push(e - d);
		}
		// What any request through the local edge costs before chat work starts (wrangler
		// dev's proxy and router, the Worker's middleware): the floor under the figures above.
		const floorMs: number[] = [];
		for (let i = 0; i < MEASURED_PAIRS; i++) {
			const d = await roundTripMs(`${upstream.url}/models`, { Authorization: `Bearer ${BENCH_KEY}` });
			floorMs.push((await roundTripMs(`${edgeUrl}/api/health`, {})) - d);
		}
		return {
			edgeTtftP50Ms: round(percentile(edgeMs, 50)),
			directTtftP50Ms: round(percentile(directMs, 50)),
			edgeAddedTtftP50Ms: round(percentile(addedMs, 50)),
			edgeAddedTtftP90Ms: round(percentile(addedMs, 90)),
			edgeRequestFloorP50Ms: round(percentile(floorMs, 50)),
			requests: MEASURED_PAIRS
		};
	} finally {
		await edge?.stop();
		await upstream.close();
		await rm(state, { recursive: true, force: true });
	}
}

function directBody() {
	return { model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'ttft probe' }] };
}

function edgeBody() {
	return { model: `openai/${MODEL}`, messages: [{ role: 'user', content: 'ttft probe' }] };
}

function isOpenAITextFrame(data: string): boolean {
	if (data === '[DONE]') return false;
	const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string } }[] };
	return !!chunk.choices?.[0]?.delta?.content;
}

function isEdgeTextFrame(data: string): boolean {
	const event = JSON.parse(data) as { type?: string };
	if (event.type === 'error') throw new Error(`edge stream failed: ${data}`);
	return event.type === 'text';
}

/**
 * Milliseconds from sending the request to receiving the first SSE frame for which
 * `isText` holds; the rest of the body is read to the end so connections are reused alike.
 */
async function firstTokenMs(
	url: string,
	body: unknown,
	headers: Record<string, string>,
	isText: (data: string) => boolean
): Promise<number> {
	const started = performance.now();
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});
	if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
	const decoder = new TextDecoder();
	let buffer = '';
	let firstAt: number | undefined;
	for await (const chunk of response.body) {
		buffer += decoder.decode(chunk, { stream: true });
		let boundary: number;
		while (firstAt === undefined && (boundary = buffer.indexOf('\n\n')) !== -1) {
			const frame = buffer.slice(0, boundary);
			buffer = buffer.slice(boundary + 2);
			const data = frame
				.split('\n')
				.filter((line) => line.startsWith('data:'))
				.map((line) => line.slice(5).trim())
				.join('\n');
			if (data && isText(data)) firstAt = performance.now();
		}
	}
	if (firstAt === undefined) throw new Error(`${url} streamed no text`);
	return firstAt - started;
}

/**
 * Warm-up only: wrangler dev may reload the Worker once just after it starts, failing the
 * calls in flight ("Your worker restarted mid-request"); measured calls are never retried.
 */
async function retried(call: () => Promise<number>): Promise<number> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			if (attempt >= 5) throw error;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}

async function roundTripMs(url: string, headers: Record<string, string>): Promise<number> {
	const started = performance.now();
	const response = await fetch(url, { headers });
	await response.arrayBuffer();
	if (!response.ok) throw new Error(`${url} answered ${response.status}`);
	return performance.now() - started;
}

function swap(edgeMs: number, directMs: number): [number, number] {
	return [directMs, edgeMs];
}

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[index] ?? Number.NaN;
}

function round(ms: number): number {
	return Math.round(ms * 100) / 100;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	console.log(JSON.stringify(await bench(), null, 2));
}
