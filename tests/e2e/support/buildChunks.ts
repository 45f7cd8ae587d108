// Which file of the production build holds a source module loaded on demand, read from the
// build's Vite manifest, so tests can watch for it or make its request fail without
// knowing the hashed name.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';

/** The URL path (`/_app/immutable/...`) of each source module's own chunk. */
export async function chunkPaths<const T extends Record<string, string>>(sources: T): Promise<{ [K in keyof T]: string }> {
	const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Record<string, { file: string }>;
	const paths: Record<string, string> = {};
	for (const [name, source] of Object.entries(sources)) {
		const entry = manifest[source];
		assert.ok(entry, `${source} is not a chunk of its own in the build`);
		paths[name] = `/${entry.file}`;
	}
	return paths as { [K in keyof T]: string };
}
