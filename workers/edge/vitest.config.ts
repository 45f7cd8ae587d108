// Edge tests run inside workerd through @cloudflare/vitest-plugin, against the root
// wrangler.toml (D1 + Durable Object), with the fake upstreams that test/globalSetup.ts
// starts in Node. Run from the repository root:
//   npx vitest run --config workers/edge/vitest.config.ts
import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { TEST_GEMINI_KEY, TEST_OPENAI_KEY } from './test/testKeys.ts';

const edgeDir = import.meta.dirname;

export default defineConfig(async () => {
	const migrations = await readD1Migrations(path.join(edgeDir, 'migrations'));
	return {
		plugins: [
			cloudflareTest(({ inject }) => ({
				wrangler: { configPath: path.join(edgeDir, '../../wrangler.toml') },
				miniflare: {
					bindings: {
						TEST_MIGRATIONS: migrations,
						OPENAI_API_KEY: TEST_OPENAI_KEY,
						OPENAI_BASE_URL: inject('fakeOpenAIUrl'),
						GEMINI_API_KEY: TEST_GEMINI_KEY,
						GEMINI_BASE_URL: inject('fakeGeminiUrl')
					}
				}
			}))
		],
		test: {
			root: edgeDir,
			include: ['src/**/*.test.ts'],
			globalSetup: ['test/globalSetup.ts'],
			setupFiles: ['test/applyMigrations.ts'],
			// The files share the fake upstreams and the D1 database; one at a time keeps
			// "exactly one new usage row" and request-log assertions exact.
			fileParallelism: false,
			isolate: false
		}
	};
});
