// Child processes for the start scripts, tests and benches: each runs in its own process
// group so stopping it also stops what it spawned (wrangler leaves workerd behind
// otherwise).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Service {
	name: string;
	child: ChildProcess;
	/** Resolves with the exit code once the process group has stopped. */
	exited: Promise<number | null>;
	stop(): Promise<void>;
}

export function startService(
	name: string,
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; cwd?: string; quiet?: boolean; onOutput?: (line: string) => void } = {}
): Service {
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: { ...process.env, ...options.env },
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const forward = (stream: NodeJS.ReadableStream | null, sink: NodeJS.WriteStream) => {
		stream?.setEncoding('utf8');
		stream?.on('data', (chunk: string) => {
			for (const line of chunk.split('\n')) {
				if (!line.trim()) continue;
				options.onOutput?.(line);
				if (!options.quiet) sink.write(`[${name}] ${line}\n`);
			}
		});
	};
	forward(child.stdout, process.stdout);
	forward(child.stderr, process.stderr);
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	return {
		name,
		child,
		exited,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			signalGroup(child, 'SIGTERM');
			const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
			await exited;
			clearTimeout(timer);
			// Grandchildren (workerd) may outlive the group leader for a moment.
			signalGroup(child, 'SIGKILL');
		}
	};
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is already gone.
	}
}

/** Polls `url` until it answers 2xx, the process exits, or the time runs out. */
export async function waitForHttp(url: string, service: Service, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exitCode: number | null | undefined;
	void service.exited.then((code) => (exitCode = code));
	while (Date.now() < deadline) {
		if (exitCode !== undefined) throw new Error(`${service.name} exited (code ${exitCode}) before ${url} answered`);
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
			if (response.ok) return;
		} catch {
			// Not up yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${service.name} did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}
