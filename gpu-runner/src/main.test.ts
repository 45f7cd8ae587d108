// Runs the real entry point as a child process: config, database, socket and signal
// handling together, exactly as `node src/main.ts` runs in the container.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runnerHealthSchema } from '../../src/lib/protocol/jobs.ts';
import { makeTempDir, type TempDir } from './testSupport/tempDir.ts';

const runnerRoot = fileURLToPath(new URL('..', import.meta.url));

interface Started {
	child: ChildProcess;
	lines: Record<string, unknown>[];
	/** Resolves with the first log line whose msg is `msg`. */
	waitForLog(msg: string): Promise<Record<string, unknown>>;
}

function startRunner(env: Record<string, string>): Started {
	const child = spawn(process.execPath, ['src/main.ts'], {
		cwd: runnerRoot,
		env: { PATH: process.env.PATH ?? '', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const lines: Record<string, unknown>[] = [];
	const waiters: { msg: string; resolve: (line: Record<string, unknown>) => void }[] = [];
	createInterface({ input: child.stdout! }).on('line', (text) => {
		const line = JSON.parse(text) as Record<string, unknown>;
		lines.push(line);
		for (const waiter of waiters.filter((w) => w.msg === line['msg'])) waiter.resolve(line);
	});
	return {
		child,
		lines,
		waitForLog: (msg) =>
			new Promise((resolve) => {
				const seen = lines.find((line) => line['msg'] === msg);
				if (seen !== undefined) resolve(seen);
				else waiters.push({ msg, resolve });
			})
	};
}

let dir: TempDir;
let running: ChildProcess | undefined;

beforeEach(async () => {
	dir = await makeTempDir();
});

afterEach(async () => {
	if (running !== undefined && running.exitCode === null && running.signalCode === null) {
		running.kill('SIGKILL');
		await once(running, 'exit');
	}
	running = undefined;
	await dir.remove();
});

describe('node src/main.ts', () => {
	it('serves /health on a free port and exits 0 on SIGTERM', async () => {
		const runner = startRunner({ RUNNER_PORT: '0', RUNNER_DB_URL: dir.dbUrl('data/runner.db') });
		running = runner.child;
		const exited = once(runner.child, 'exit');

		const listening = await runner.waitForLog('listening');
		expect(listening).toMatchObject({ level: 'info', host: '127.0.0.1', auth: 'none' });
		const port = listening['port'];
		expect(typeof port).toBe('number');

		const res = await fetch(`http://127.0.0.1:${String(port)}/health`);
		expect(res.status).toBe(200);
		expect(runnerHealthSchema.parse(await res.json()).queue).toEqual({ queued: 0, running: 0 });

		runner.child.kill('SIGTERM');
		const [code, signal] = await exited;
		expect({ code, signal }).toEqual({ code: 0, signal: null });
		expect(runner.lines.map((line) => line['msg'])).toEqual(['listening', 'shutting down', 'stopped']);
	});

	it('exits 1 with a message naming the variable when the config is invalid', async () => {
		const runner = startRunner({ RUNNER_PORT: 'eighty', RUNNER_DB_URL: dir.dbUrl() });
		running = runner.child;
		const [code] = await once(runner.child, 'exit');
		expect(code).toBe(1);
		expect(runner.lines).toHaveLength(1);
		expect(runner.lines[0]).toMatchObject({ level: 'error', issues: ['RUNNER_PORT must be an integer from 0 to 65535 (got "eighty")'] });
		expect(String(runner.lines[0]?.['msg'])).toContain('Invalid runner configuration');
	});
});
