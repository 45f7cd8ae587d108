// `npm test`: every suite, in order — units (Node), the edge (inside workerd), the runner,
// then end-to-end journeys in Chromium against the app as `npm start` runs it. Runs all
// suites even when one fails, then prints one summary line and exits non-zero on failure.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from './lib/run.ts';

interface Tally {
	suite: string;
	passed: number;
	failed: number;
	skipped: number;
	ok: boolean;
}

const bin = (name: string) => resolve('node_modules/.bin', name);
const only = process.argv.slice(2);
const wanted = (suite: string) => only.length === 0 || only.includes(suite);

function exec(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
	return new Promise((done) => {
		const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		const relay = (chunk: Buffer, sink: NodeJS.WriteStream) => {
			output += chunk.toString();
			sink.write(chunk);
		};
		child.stdout.on('data', (c: Buffer) => relay(c, process.stdout));
		child.stderr.on('data', (c: Buffer) => relay(c, process.stderr));
		child.once('exit', (code) => done({ code: code ?? 1, output }));
	});
}

async function vitest(suite: string, args: string[]): Promise<Tally> {
	const report = join(tmpdir(), `atrium-${suite}-${process.pid}.json`);
	const { code } = await exec(bin('vitest'), ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
	try {
		const json = JSON.parse(await readFile(report, 'utf8')) as {
			numPassedTests: number;
			numFailedTests: number;
			numPendingTests: number;
			numTodoTests: number;
		};
		await rm(report, { force: true });
		return { suite, passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests, ok: code === 0 };
	} catch {
		return { suite, passed: 0, failed: 1, skipped: 0, ok: false };
	}
}

async function nodeTests(suite: string, files: string[], env: NodeJS.ProcessEnv): Promise<Tally> {
	const { code, output } = await exec(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], env);
	const count = (label: string) => Number(output.match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
	const failed = count('fail') + count('cancelled');
	return { suite, passed: count('pass'), failed: code !== 0 && failed === 0 ? 1 : failed, skipped: count('skipped') + count('todo'), ok: code === 0 };
}

const tallies: Tally[] = [];
if (wanted('unit')) tallies.push(await vitest('unit', []));
if (wanted('edge')) tallies.push(await vitest('edge', ['--config', 'workers/edge/vitest.config.ts']));
if (wanted('runner')) tallies.push(await vitest('runner', ['--root', 'gpu-runner']));
if (wanted('e2e')) {
	await run(bin('vite'), ['build', '--logLevel', 'warn']);
	tallies.push(await nodeTests('e2e', ['tests/e2e/*.test.ts'], { ATRIUM_SKIP_BUILD: '1' }));
}

console.log('\nSummary');
for (const t of tallies) {
	console.log(`  ${t.ok ? '✓' : '✗'} ${t.suite.padEnd(7)} ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
}
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
const skipped = tallies.reduce((n, t) => n + t.skipped, 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(tallies.every((t) => t.ok) ? 0 : 1);
