// Opens the runner's libsql database and brings its schema up to date. Every statement is
// idempotent, so starting the runner is also its migration.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

const SCHEMA = [
	`CREATE TABLE IF NOT EXISTS jobs (
		id TEXT PRIMARY KEY NOT NULL,
		kind TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
		spec TEXT NOT NULL,
		result TEXT,
		error TEXT,
		progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	)`,
	// Serves both "next queued job, oldest first" and the per-status counts of /health.
	'CREATE INDEX IF NOT EXISTS jobs_status_created_at ON jobs (status, created_at)'
];

/**
 * Opens (creating if needed) the database at `url` and applies the schema. For `file:` URLs
 * the parent directory is created too, so a fresh volume works without a setup step.
 */
export async function openDatabase(url: string): Promise<Client> {
	const path = localPath(url);
	if (path !== undefined) {
		await mkdir(dirname(path), { recursive: true });
	}
	const db = createClient({ url, timeout: BUSY_TIMEOUT_MS });
	try {
		if (path !== undefined) {
			// WAL lets /health read while a worker writes; the mode is stored in the file, so
			// setting it once covers every pooled connection.
			await db.execute('PRAGMA journal_mode = WAL');
		}
		await db.batch(SCHEMA, 'write');
	} catch (error) {
		db.close();
		throw error;
	}
	return db;
}

/** The filesystem path of a `file:` URL (relative or absolute), or undefined for other URLs. */
export function localPath(url: string): string | undefined {
	if (!url.startsWith('file:') || url.startsWith('file::memory:')) {
		return undefined;
	}
	const withoutQuery = url.replace(/\?.*$/, '');
	if (withoutQuery.startsWith('file://')) {
		return fileURLToPath(withoutQuery);
	}
	return decodeURIComponent(withoutQuery.slice('file:'.length));
}
