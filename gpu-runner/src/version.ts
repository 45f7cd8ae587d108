// The runner's version, read from its package.json so /health and the logs cannot drift
// from what was released.
import { readFileSync } from 'node:fs';

const packageJson: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const RUNNER_VERSION: string =
	typeof packageJson === 'object' && packageJson !== null && 'version' in packageJson && typeof packageJson.version === 'string'
		? packageJson.version
		: '0.0.0';
