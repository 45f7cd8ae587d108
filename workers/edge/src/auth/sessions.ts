// Sessions per the Lucia design: a random `<id>.<secret>` token in the cookie, the SHA-256
// of the secret in D1, a 30-day expiry that slides forward while the device is used, and
// revocation by deleting the row. Ending a session also closes the room sockets it holds
// open (decision 0051), so every way of ending one takes the edge's environment.
import { and, desc, eq, ne } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { SessionInfo } from '../../../../src/lib/protocol/auth.ts';
import { sessions, users, type SessionRow, type UserRow } from '../db/schema.ts';
import type { EdgeEnv } from '../env.ts';
import { closeSessionSockets } from '../rooms/roomParticipants.ts';
import { newBearerToken, parseBearerToken, secretMatches } from './tokens.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY_MS;
/** A session used in its last 15 days gets 30 more, so active devices stay signed in. */
const RENEW_WITHIN_MS = 15 * DAY_MS;
/** "Last seen" is written at most this often, so reading a session rarely costs a write. */
const LAST_SEEN_GRANULARITY_MS = 60_000;
const USER_AGENT_MAX = 300;

export interface ValidSession {
	session: SessionRow;
	user: UserRow;
	/** The expiry moved: the cookie must be sent again with the new date. */
	renewed: boolean;
	/** Two-factor is on and no code was entered yet: not signed in, only on the way. */
	twoFactorPending: boolean;
}

export async function createSession(
	db: D1Database,
	userId: string,
	userAgent: string | undefined,
	twoFactorVerified: boolean,
	now = new Date()
): Promise<{ token: string; session: SessionRow }> {
	const token = newBearerToken();
	const session: SessionRow = {
		id: token.id,
		userId,
		secretHash: token.secretHash,
		userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null,
		createdAt: now,
		lastSeenAt: now,
		expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
		twoFactorVerified
	};
	await drizzle(db).insert(sessions).values(session);
	return { token: token.token, session };
}

/** The session and user `token` belongs to, or undefined if it is unknown, wrong or expired. */
export async function validateSessionToken(db: D1Database, token: string, now = new Date()): Promise<ValidSession | undefined> {
	const parts = parseBearerToken(token);
	if (!parts) return undefined;
	const orm = drizzle(db);
	const row = await orm
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, parts.id))
		.get();
	if (!row || !secretMatches(parts.secret, row.session.secretHash)) return undefined;
	const { session, user } = row;
	// A disabled account's sessions stop working at once (decision 0010).
	if (user.disabledAt !== null) return undefined;
	if (now.getTime() >= session.expiresAt.getTime()) {
		await orm.delete(sessions).where(eq(sessions.id, session.id));
		return undefined;
	}
	const renewed = session.expiresAt.getTime() - now.getTime() < RENEW_WITHIN_MS;
	if (renewed || now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_GRANULARITY_MS) {
		session.lastSeenAt = now;
		if (renewed) session.expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
		await orm.update(sessions).set({ lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt }).where(eq(sessions.id, session.id));
	}
	return { session, user, renewed, twoFactorPending: user.totpKey !== null && !session.twoFactorVerified };
}

/** What ending sessions needs: D1, and the rooms whose sockets they may hold open. */
export type SessionsEnv = Pick<EdgeEnv, 'DB' | 'ROOM'>;

const ENDED = { id: sessions.id, userId: sessions.userId, createdAt: sessions.createdAt };

export async function deleteSession(env: SessionsEnv, sessionId: string): Promise<void> {
	const ended = await drizzle(env.DB).delete(sessions).where(eq(sessions.id, sessionId)).returning(ENDED);
	if (ended[0]) await closeSessionSockets(env, ended[0].userId, ended);
}

/** Revokes one of the user's sessions; false when the user has no session with that id. */
export async function revokeUserSession(env: SessionsEnv, userId: string, sessionId: string): Promise<boolean> {
	const ended = await drizzle(env.DB)
		.delete(sessions)
		.where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
		.returning(ENDED);
	await closeSessionSockets(env, userId, ended);
	return ended.length > 0;
}

/** Signs the user out everywhere, or everywhere but `exceptSessionId`. */
export async function deleteUserSessions(env: SessionsEnv, userId: string, exceptSessionId?: string): Promise<void> {
	const ended = await drizzle(env.DB)
		.delete(sessions)
		.where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId))
		.returning(ENDED);
	await closeSessionSockets(env, userId, ended);
}

/**
 * Turning two-factor on leaves every other device of the user owing a code: not signed in
 * until it gives one, so their room sockets close too (decision 0051).
 */
export async function closeOtherSessionsSockets(env: SessionsEnv, userId: string, exceptSessionId: string): Promise<void> {
	const others = await drizzle(env.DB)
		.select({ id: sessions.id, createdAt: sessions.createdAt })
		.from(sessions)
		.where(and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)));
	await closeSessionSockets(env, userId, others);
}

export async function listUserSessions(db: D1Database, userId: string, currentSessionId: string, now = new Date()): Promise<SessionInfo[]> {
	const rows = await drizzle(db).select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.lastSeenAt));
	return rows
		.filter((row) => row.expiresAt.getTime() > now.getTime())
		.map((row) => ({
			id: row.id,
			userAgent: row.userAgent,
			createdAt: row.createdAt.toISOString(),
			lastSeenAt: row.lastSeenAt.toISOString(),
			expiresAt: row.expiresAt.toISOString(),
			current: row.id === currentSessionId
		}));
}
