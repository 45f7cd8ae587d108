import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function configErrorOf(env: Record<string, string>): ConfigError {
	try {
		loadConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) return error;
		throw error;
	}
	throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
	it('uses the documented defaults when nothing is set', () => {
		expect(loadConfig({})).toEqual({
			port: 8788,
			host: '127.0.0.1',
			dbUrl: 'file:data/runner.db',
			token: undefined
		});
	});

	it('reads every variable', () => {
		expect(
			loadConfig({
				RUNNER_PORT: '9000',
				RUNNER_HOST: '0.0.0.0',
				RUNNER_DB_URL: 'file:/var/lib/runner/jobs.db',
				RUNNER_TOKEN: 'a'.repeat(32)
			})
		).toEqual({ port: 9000, host: '0.0.0.0', dbUrl: 'file:/var/lib/runner/jobs.db', token: 'a'.repeat(32) });
	});

	it('accepts port 0 (the OS picks a free port)', () => {
		expect(loadConfig({ RUNNER_PORT: '0' }).port).toBe(0);
	});

	it('treats empty variables as unset', () => {
		expect(loadConfig({ RUNNER_PORT: '', RUNNER_TOKEN: '' })).toMatchObject({ port: 8788, token: undefined });
	});

	it.each(['abc', '-1', '65536', '80.5', '99999999'])('rejects RUNNER_PORT=%s naming the variable and value', (port) => {
		const error = configErrorOf({ RUNNER_PORT: port });
		expect(error.issues).toEqual([`RUNNER_PORT must be an integer from 0 to 65535 (got "${port}")`]);
		expect(error.message).toContain('Invalid runner configuration');
	});

	it('rejects a short token without echoing it', () => {
		const error = configErrorOf({ RUNNER_TOKEN: 'hunter2' });
		expect(error.issues).toEqual(['RUNNER_TOKEN must be at least 16 characters (try: openssl rand -hex 32)']);
		expect(error.message).not.toContain('hunter2');
	});

	it('rejects a database URL libsql cannot open', () => {
		expect(configErrorOf({ RUNNER_DB_URL: 'postgres://db/jobs' }).issues[0]).toMatch(/^RUNNER_DB_URL must be a libsql URL/);
	});

	it('reports every invalid variable at once', () => {
		const error = configErrorOf({ RUNNER_PORT: 'x', RUNNER_HOST: 'a b', RUNNER_TOKEN: 'short' });
		expect(error.issues.map((issue) => issue.split(' ')[0])).toEqual(['RUNNER_PORT', 'RUNNER_HOST', 'RUNNER_TOKEN']);
	});
});
