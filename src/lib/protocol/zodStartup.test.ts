// The app's first screen checks its answers with zod/mini from a second copy of zod
// (`zod-startup`, decision 0022). Schemas from both copies are composed, which is only
// sound while the two are the same version.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const versionOf = (name: string) => (JSON.parse(readFileSync(new URL(`../../../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

describe('zod-startup', () => {
	it('is installed at the same version as zod', () => {
		expect(versionOf('zod-startup')).toBe(versionOf('zod'));
	});
});
