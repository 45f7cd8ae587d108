import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localPath, openDatabase } from './db.ts';
import { makeTempDir, type TempDir } from './testSupport/tempDir.ts';

describe('localPath', () => {
	it.each([
		['file:data/runner.db', 'data/runner.db'],
		['file:/var/lib/runner.db', '/var/lib/runner.db'],
		['file:///var/lib/runner.db', '/var/lib/runner.db'],
		['file:data/my%20jobs.db?mode=rwc', 'data/my jobs.db'],
		['file::memory:', undefined],
		[':memory:', undefined],
		['libsql://jobs.example.turso.io', undefined]
	])('%s → %s', (url, path) => {
		expect(localPath(url)).toBe(path);
	});
});

describe('openDatabase', () => {
	let dir: TempDir;
	beforeEach(async () => {
		dir = await makeTempDir();
	});
	afterEach(() => dir.remove());

	it('creates missing parent directories and the jobs table, and can run twice', async () => {
		const url = `file:${join(dir.path, 'nested', 'deeper', 'runner.db')}`;
		for (let run = 0; run < 2; run++) {
			const db = await openDatabase(url);
			const { rows } = await db.execute("SELECT name FROM sqlite_master WHERE name IN ('jobs', 'jobs_status_created_at') ORDER BY name");
			expect(rows.map((row) => row['name'])).toEqual(['jobs', 'jobs_status_created_at']);
			db.close();
		}
		expect((await stat(join(dir.path, 'nested', 'deeper', 'runner.db'))).isFile()).toBe(true);
	});

	it('rejects an impossible status in SQL too', async () => {
		const db = await openDatabase(dir.dbUrl());
		await expect(
			db.execute("INSERT INTO jobs (id, kind, status, spec, created_at, updated_at) VALUES ('x', 'whisper', 'lost', '{}', 0, 0)")
		).rejects.toThrow(/CHECK constraint/);
		db.close();
	});
});
