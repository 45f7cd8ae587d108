// Account rows: lookups by normalized email, creation that tolerates a concurrent
// sign-up of the same address, and the public shape of a user.
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { AccountUser } from '../../../../src/lib/protocol/auth.ts';
import { users, type UserRow } from '../db/schema.ts';
import { randomId } from './tokens.ts';

export async function findUserByEmail(db: D1Database, email: string): Promise<UserRow | undefined> {
	return drizzle(db).select().from(users).where(eq(users.email, email)).get();
}

export async function findUserById(db: D1Database, id: string): Promise<UserRow | undefined> {
	return drizzle(db).select().from(users).where(eq(users.id, id)).get();
}

/** Creates an unverified account; undefined when the address was taken meanwhile. */
export async function createUser(db: D1Database, email: string, passwordHash: string, now = new Date()): Promise<UserRow | undefined> {
	const [row] = await drizzle(db)
		.insert(users)
		.values({ id: randomId(), email, passwordHash, emailVerifiedAt: null, createdAt: now })
		.onConflictDoNothing({ target: users.email })
		.returning();
	return row;
}

/** Marks the email verified (keeping the first date) and, if given, sets the password. */
export async function markEmailVerified(db: D1Database, user: UserRow, passwordHash: string | null, now = new Date()): Promise<UserRow> {
	const changes = { emailVerifiedAt: user.emailVerifiedAt ?? now, passwordHash: passwordHash ?? user.passwordHash };
	await drizzle(db).update(users).set(changes).where(eq(users.id, user.id));
	return { ...user, ...changes };
}

export async function setPasswordHash(db: D1Database, userId: string, passwordHash: string): Promise<void> {
	await drizzle(db).update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export function toAccountUser(user: UserRow): AccountUser {
	return {
		id: user.id,
		email: user.email,
		emailVerified: user.emailVerifiedAt !== null,
		twoFactorEnabled: user.totpKey !== null,
		tier: user.tier,
		createdAt: user.createdAt.toISOString()
	};
}
