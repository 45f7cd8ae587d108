// The room directory in D1 (decision 0019): which rooms exist, who created them and which
// workspace they belong to. Listing a team's rooms, counting them against the limit, and
// finding a user's own rooms for export and deletion all read it.
import { and, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { WorkspaceRoom } from '../../../../src/lib/protocol/teams.ts';
import { rooms, teams, users, type RoomRow } from '../db/schema.ts';

/** Adds a room's row; with `ifMissing`, a row the directory already has stays as it is. */
export async function recordRoom(db: D1Database, row: RoomRow, { ifMissing = false }: { ifMissing?: boolean } = {}): Promise<void> {
	const insert = drizzle(db).insert(rooms).values(row);
	await (ifMissing ? insert.onConflictDoNothing({ target: rooms.id }) : insert);
}

export async function findRoom(db: D1Database, roomId: string): Promise<RoomRow | undefined> {
	return drizzle(db).select().from(rooms).where(eq(rooms.id, roomId)).get();
}

export async function forgetRoom(db: D1Database, roomId: string): Promise<void> {
	await drizzle(db).delete(rooms).where(eq(rooms.id, roomId));
}

/** The team a room belongs to; null for a personal room or one the directory does not know. */
export async function teamOfRoom(db: D1Database, roomId: string): Promise<string | null> {
	const row = await drizzle(db).select({ teamId: rooms.teamId }).from(rooms).where(eq(rooms.id, roomId)).get();
	return row?.teamId ?? null;
}

type ListedRoom = WorkspaceRoom & { teamId: string | null };

/**
 * Rooms of the given teams, plus (when `personalOf` is set) that user's personal rooms,
 * newest first, each with its creator.
 */
export async function listWorkspaceRooms(db: D1Database, teamIds: readonly string[], personalOf?: string): Promise<ListedRoom[]> {
	const inTeams = teamIds.length > 0 ? inArray(rooms.teamId, [...teamIds]) : undefined;
	const personal = personalOf === undefined ? undefined : and(eq(rooms.ownerId, personalOf), isNull(rooms.teamId));
	const where = or(inTeams, personal);
	if (!where) return [];
	const rows = await drizzle(db)
		.select({ id: rooms.id, title: rooms.title, createdAt: rooms.createdAt, teamId: rooms.teamId, userId: users.id, email: users.email })
		.from(rooms)
		.innerJoin(users, eq(users.id, rooms.ownerId))
		.where(where)
		.orderBy(desc(rooms.createdAt), desc(rooms.id));
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		createdAt: row.createdAt.toISOString(),
		teamId: row.teamId,
		creator: { userId: row.userId, email: row.email }
	}));
}

export async function listTeamRooms(db: D1Database, teamId: string): Promise<WorkspaceRoom[]> {
	return (await listWorkspaceRooms(db, [teamId])).map(({ teamId: _teamId, ...room }) => room);
}

export async function teamRoomIds(db: D1Database, teamId: string): Promise<string[]> {
	const rows = await drizzle(db).select({ id: rooms.id }).from(rooms).where(eq(rooms.teamId, teamId));
	return rows.map((row) => row.id);
}

/** The rooms a user created, with the name of the team each belongs to (null: personal). */
export async function roomsCreatedBy(db: D1Database, userId: string) {
	return drizzle(db)
		.select({ id: rooms.id, title: rooms.title, createdAt: rooms.createdAt, teamId: rooms.teamId, teamName: teams.name })
		.from(rooms)
		.leftJoin(teams, eq(teams.id, rooms.teamId))
		.where(eq(rooms.ownerId, userId))
		.orderBy(desc(rooms.createdAt));
}
