// Test-only typing: the bindings vitest.config.ts adds to the Worker's env, and the main
// module's exports for `exports.default` (which `wrangler types --include-main-module=false`
// leaves out).
import type { D1Migration } from 'cloudflare:test';

declare global {
	namespace Cloudflare {
		interface GlobalProps {
			mainModule: typeof import('../src/index.ts');
		}
		interface Env {
			TEST_MIGRATIONS: D1Migration[];
			OPENAI_API_KEY: string;
			OPENAI_BASE_URL: string;
			GEMINI_API_KEY: string;
			GEMINI_BASE_URL: string;
		}
	}
}
