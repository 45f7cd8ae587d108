// Throwaway directories for tests that need a real database file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
	path: string;
	/** A `file:` URL for a database inside this directory. */
	dbUrl(name?: string): string;
	remove(): Promise<void>;
}

export async function makeTempDir(): Promise<TempDir> {
	const path = await mkdtemp(join(tmpdir(), 'atrium-runner-'));
	return {
		path,
		dbUrl: (name = 'runner.db') => `file:${join(path, name)}`,
		remove: () => rm(path, { recursive: true, force: true })
	};
}
