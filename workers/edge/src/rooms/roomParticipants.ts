// The rooms a signed-in user has joined (decision 0051): the Room records each join, so the
// edge can reach those rooms when the user's sessions end (their open sockets close at
// once), when they export their data (what they did in each room) and when they delete
// their account (their name comes off everything they wrote there).
import { and, eq, gte } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { roomParticipants } from '../db/schema.ts';
import type { EdgeEnv } from '../env.ts';

/** Notes that `userId` joined `roomId` now (the first join's date is kept). */
export async function recordParticipant(db: D1Database, userId: string, roomId: string, now = new Date()): Promise<void> {
	await drizzle(db)
		.insert(roomParticipants)
		.values({ userId, roomId, firstJoinedAt: now, lastJoinedAt: now })
		.onConflictDoUpdate({ target: [roomParticipants.userId, roomParticipants.roomId], set: { lastJoinedAt: now } });
}

/** The rooms `userId` joined, newest first; with `since`, only those joined since then. */
export async function roomsJoinedBy(db: D1Database, userId: string, since?: Date): Promise<string[]> {
	const where = since ? and(eq(roomParticipants.userId, userId), gte(roomParticipants.lastJoinedAt, since)) : eq(roomParticipants.userId, userId);
	const rows = await drizzle(db).select({ roomId: roomParticipants.roomId }).from(roomParticipants).where(where);
	return rows.map((row) => row.roomId);
}

export const SIGNED_OUT_REASON = 'You were signed out of Atrium: sign in again to rejoin.';

/**
 * Closes the room sockets opened with sessions that just ended (revoked, signed out,
 * password changed, account disabled or deleted). A socket can only be in a room joined
 * after its session began, so only those rooms are asked. A room that cannot be reached
 * is logged, not fatal: the sessions are already gone, and the room refuses them on join.
 */
export async function closeSessionSockets(env: Pick<EdgeEnv, 'DB' | 'ROOM'>, userId: string, ended: readonly { id: string; createdAt: Date }[]): Promise<void> {
	if (ended.length === 0) return;
	const since = new Date(Math.min(...ended.map((session) => session.createdAt.getTime())));
	const ids = ended.map((session) => session.id);
	const results = await Promise.allSettled((await roomsJoinedBy(env.DB, userId, since)).map((roomId) => env.ROOM.getByName(roomId).endSessions(ids, SIGNED_OUT_REASON)));
	for (const result of results) {
		if (result.status === 'rejected') console.warn(`rooms: could not close a signed-out session's sockets: ${String(result.reason)}`);
	}
}
