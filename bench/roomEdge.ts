// A local edge under `wrangler dev` for the room benches: fresh state, the dev outbox on
// (to verify an account), and one signed-in owner who can create rooms and links.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startService, waitForHttp, type Service } from '../scripts/lib/processGroup.ts';

export interface RoomEdge {
	url: string;
	/** Creates a room and an edit link that admits guests; returns the room id and token. */
	newRoom(): Promise<{ roomId: string; token: string }>;
	/** The WebSocket URL for guest `name` on that link. */
	socketUrl(roomId: string, token: string, name: string): string;
	/**
	 * Stops `wrangler dev` the hard way (every socket drops, every object's memory is gone)
	 * and starts it again on the same port and storage: rooms come back cold, from their logs.
	 */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

export async function startRoomEdge(): Promise<RoomEdge> {
	const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
	const wrangler = join(repoRoot, 'node_modules/.bin/wrangler');
	const state = await mkdtemp(join(tmpdir(), 'atrium-rooms-bench-'));
	let edge: Service | undefined;
	try {
		const envFile = join(state, 'edge.env');
		await writeFile(envFile, 'EMAIL_OUTBOX=1\nAUTH_RATE_LIMIT_MAX=100000\n', { mode: 0o600 });
		const persist = ['--persist-to', join(state, 'wrangler')];
		const migrate = startService('d1-migrate', wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], { cwd: repoRoot, env: { CI: '1' }, quiet: true });
		if ((await migrate.exited) !== 0) throw new Error('wrangler d1 migrations apply failed');
		const assets = join(state, 'assets');
		await mkdir(assets);
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const start = async () => {
			const service = startService(
				'edge',
				wrangler,
				['dev', '--port', String(port), '--ip', '127.0.0.1', '--env-file', envFile, '--assets', assets, '--show-interactive-dev-session=false', '--log-level', 'warn', ...persist],
				{ cwd: repoRoot, quiet: true, env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false' } }
			);
			edge = service;
			await waitForHttp(`${url}/api/health`, service);
			return service;
		};
		let running = await start();
		const cookie = await signUp(url);
		const post = async (path: string, body: unknown) => {
			const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: url, Cookie: cookie }, body: JSON.stringify(body) });
			if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
			return response.json() as Promise<Record<string, unknown>>;
		};
		return {
			url,
			async newRoom() {
				const message = { id: 'm1', parentId: null, role: 'user', content: 'Bench room', createdAt: Date.now() };
				const { id } = (await post('/api/rooms', { title: 'Bench', model: null, messages: [message] })) as { id: string };
				const { token } = (await post(`/api/rooms/${id}/links`, { role: 'edit', guests: true })) as { token: string };
				return { roomId: id, token };
			},
			socketUrl: (roomId, token, name) =>
				`ws://127.0.0.1:${port}/api/rooms/${roomId}/connect?${new URLSearchParams({ link: token, name, guest: `bench-secret-${name}-0123456789` })}`,
			async restart() {
				await running.stop();
				running = await start();
			},
			async stop() {
				await running.stop();
				await rm(state, { recursive: true, force: true });
			}
		};
	} catch (error) {
		await edge?.stop();
		await rm(state, { recursive: true, force: true });
		throw error;
	}
}

/** Signs an account up through the dev outbox; returns its session cookie. */
async function signUp(url: string): Promise<string> {
	const email = `bench-${Date.now().toString(36)}@example.test`;
	const headers = { 'Content-Type': 'application/json', Origin: url };
	let signUpResponse = await signUpOnce(url, email, headers);
	// wrangler dev may reload the Worker once just after it starts, failing the call in flight.
	for (let attempt = 0; signUpResponse.status === 503 && attempt < 5; attempt++) {
		await new Promise((r) => setTimeout(r, 500));
		signUpResponse = await signUpOnce(url, email, headers);
	}
	if (signUpResponse.status !== 202) throw new Error(`sign-up answered ${signUpResponse.status}: ${await signUpResponse.text()}`);
	for (let attempt = 0; attempt < 100; attempt++) {
		const outbox = (await (await fetch(`${url}/api/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as { messages: { text: string }[] };
		const token = outbox.messages.map((m) => /\/verify-email#token=([a-z2-7.]+)/.exec(m.text)?.[1]).find(Boolean);
		if (token) {
			const verified = await fetch(`${url}/api/auth/verify-email`, { method: 'POST', headers, body: JSON.stringify({ token }) });
			const cookie = verified.headers.getSetCookie().map((line) => line.split(';')[0]!).find((pair) => pair.includes('atrium_session='));
			if (!verified.ok || !cookie) throw new Error(`verification answered ${verified.status}`);
			return cookie;
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error('no verification email');
}

function signUpOnce(url: string, email: string, headers: Record<string, string>): Promise<Response> {
	return fetch(`${url}/api/auth/sign-up`, { method: 'POST', headers, body: JSON.stringify({ email, password: 'a long and sturdy bench passphrase' }) });
}
