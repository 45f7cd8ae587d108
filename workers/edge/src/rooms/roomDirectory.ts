// The room's own row in the room directory (decisions 0019, 0033). Rooms created before
// migration 0007 have none, so no workspace lists them and deleting their creator's account
// cannot find them: the Room adds its row the first time its creator connects.
import { forgetRoom, recordRoom } from '../teams/teamRooms.ts';
import { USER_KEY_PREFIX, type RoomMeta } from './roomLog.ts';

/** The Room's record that the directory lists it: one row once it does. */
export const DIRECTORY_SCHEMA = 'CREATE TABLE IF NOT EXISTS directory (id INTEGER PRIMARY KEY CHECK (id = 1), listed_at INTEGER NOT NULL)';

/**
 * Adds the room to its creator's personal workspace unless the directory already has it
 * (a room created since 0007, a team room included, keeps its row as it is). Rooms older
 * than the directory are older than team rooms too, so personal is where they belong.
 */
export async function listRoom(db: D1Database, meta: RoomMeta): Promise<void> {
	const ownerId = meta.ownerKey.slice(USER_KEY_PREFIX.length);
	await recordRoom(db, { id: meta.id, ownerId, teamId: null, title: meta.title, createdAt: new Date(meta.createdAt) }, { ifMissing: true });
}

/**
 * Makes sure the directory lists the room, asking D1 once in the room's life: the room's
 * storage remembers that it is listed. A failure leaves that for the next call; `deleted`
 * says whether the room was deleted while D1 answered, and then its row goes again.
 */
export async function ensureListed(sql: SqlStorage, db: D1Database, meta: RoomMeta, deleted: () => boolean): Promise<void> {
	if (sql.exec('SELECT listed_at FROM directory').toArray().length > 0) return;
	try {
		await listRoom(db, meta);
		if (deleted()) {
			// Deleting removes the row after emptying the room; this one may have come later.
			await forgetRoom(db, meta.id);
			return;
		}
	} catch (error) {
		console.warn(`room: could not add the room to the directory: ${error instanceof Error ? error.message : String(error)}`);
		return;
	}
	sql.exec('INSERT OR IGNORE INTO directory (id, listed_at) VALUES (1, ?)', Date.now());
}
