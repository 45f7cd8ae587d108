// The runner's configuration, read once from the environment and validated so a typo stops
// the process at start with a message naming the variable, not later with a stack trace.
import { z } from 'zod';

export interface RunnerConfig {
	/** TCP port to listen on; 0 lets the OS pick a free one (logged at start). */
	port: number;
	/** Interface to bind; 127.0.0.1 keeps the runner private to this host. */
	host: string;
	/** libsql URL of the job database; `file:` paths are relative to the working directory. */
	dbUrl: string;
	/** Bearer token every route but /health requires; undefined leaves the runner open. */
	token: string | undefined;
}

export const DEFAULT_PORT = 8788;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DB_URL = 'file:data/runner.db';
/** Shorter tokens are guessable; `openssl rand -hex 32` gives 64 characters. */
export const MIN_TOKEN_LENGTH = 16;

/** Thrown by loadConfig with every problem found, one per line. */
export class ConfigError extends Error {
	readonly issues: string[];
	constructor(issues: string[]) {
		super(`Invalid runner configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
		this.name = 'ConfigError';
		this.issues = issues;
	}
}

// An empty variable (`RUNNER_TOKEN=` in a compose file) means "not set", not "empty value".
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const portError = (issue: { input?: unknown }) =>
	`RUNNER_PORT must be an integer from 0 to 65535 (got "${String(issue.input)}")`;

const envSchema = z.object({
	RUNNER_PORT: z.preprocess(
		unsetIfEmpty,
		z
			.string()
			.regex(/^\d{1,5}$/, { error: portError })
			.transform(Number)
			.refine((port) => port <= 65_535, { error: portError })
			.default(DEFAULT_PORT)
	),
	RUNNER_HOST: z.preprocess(
		unsetIfEmpty,
		z
			.string()
			.regex(/^[^\s/]+$/, { error: 'RUNNER_HOST must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0' })
			.default(DEFAULT_HOST)
	),
	RUNNER_DB_URL: z.preprocess(
		unsetIfEmpty,
		z
			.string()
			.regex(/^(file:|libsql:|https?:|wss?:|:memory:$)/, {
				error: 'RUNNER_DB_URL must be a libsql URL such as file:data/runner.db (or libsql://, https://, :memory:)'
			})
			.default(DEFAULT_DB_URL)
	),
	RUNNER_TOKEN: z.preprocess(
		unsetIfEmpty,
		z
			.string()
			.min(MIN_TOKEN_LENGTH, {
				error: `RUNNER_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (try: openssl rand -hex 32)`
			})
			.optional()
	)
});

/**
 * Reads the runner's settings from `env` (normally `process.env`).
 * @throws {ConfigError} listing every invalid variable.
 */
export function loadConfig(env: Record<string, string | undefined>): RunnerConfig {
	const parsed = envSchema.safeParse(env);
	if (!parsed.success) {
		throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
	}
	const { RUNNER_PORT, RUNNER_HOST, RUNNER_DB_URL, RUNNER_TOKEN } = parsed.data;
	return { port: RUNNER_PORT, host: RUNNER_HOST, dbUrl: RUNNER_DB_URL, token: RUNNER_TOKEN };
}
