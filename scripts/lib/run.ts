// Runs a command to completion with inherited output; throws with its exit code.
import { spawn } from 'node:child_process';

export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, { stdio: 'inherit', cwd: options.cwd, env: { ...process.env, ...options.env } });
		child.once('error', reject);
		child.once('exit', (code, signal) =>
			code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`))
		);
	});
}
