// drizzle-kit settings for the edge's schema. Run from the repository root:
//   npx drizzle-kit generate --config workers/edge/drizzle.config.ts
// Wrangler applies the output (`wrangler d1 migrations apply atrium`), as do the tests.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	dialect: 'sqlite',
	schema: './workers/edge/src/db/schema.ts',
	out: './workers/edge/migrations'
});
