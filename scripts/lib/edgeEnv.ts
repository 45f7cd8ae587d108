// The environment variables the edge reads, passed from the shell to `wrangler dev`
// through an env file readable only by this user, so keys never appear in `ps`.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const EDGE_ENV_VARS = [
	'OPENAI_API_KEY',
	'OPENAI_BASE_URL',
	'GEMINI_API_KEY',
	'GEMINI_BASE_URL',
	'EDGE_ACCESS_TOKEN',
	'ALLOWED_ORIGINS',
	'RATE_LIMIT_MAX',
	'RATE_LIMIT_WINDOW_SECONDS',
	'EMAIL_OUTBOX',
	'EMAIL_API_URL',
	'EMAIL_API_KEY',
	'EMAIL_FROM',
	'AUTH_RATE_LIMIT_MAX',
	'AUTH_RATE_LIMIT_WINDOW_SECONDS',
	'QUOTA_FREE_DAILY_REQUESTS',
	'QUOTA_PREMIUM_DAILY_REQUESTS',
	'QUOTA_ANONYMOUS_DAILY_REQUESTS',
	'ADMIN_EMAILS',
	'GITHUB_CLIENT_ID',
	'GITHUB_CLIENT_SECRET',
	'GOOGLE_CLIENT_ID',
	'GOOGLE_CLIENT_SECRET',
	'OAUTH_GITHUB_BASE_URL',
	'OAUTH_GOOGLE_BASE_URL',
	'VAPID_PUBLIC_KEY',
	'VAPID_PRIVATE_KEY',
	'VAPID_SUBJECT'
] as const;

export async function writeEdgeEnvFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
	const present = EDGE_ENV_VARS.filter((name) => env[name] !== undefined && env[name] !== '');
	const lines = present.map((name) => `${name}=${JSON.stringify(env[name])}`);
	await mkdir(dirname(path), { recursive: true });
	await writeFile(path, `${lines.join('\n')}\n`, { mode: 0o600 });
	await chmod(path, 0o600);
	return present;
}
