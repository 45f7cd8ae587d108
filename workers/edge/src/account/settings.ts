// Account settings in D1 (decision 0009): the profile, changing the email address by a
// link sent to the new one, and deleting the account with everything the edge holds.
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { userProfiles, users, type UserRow } from '../db/schema.ts';
import { issueEmailToken, spendEmailToken, voidEmailTokens, type SpendResult } from '../auth/emailTokens.ts';
import { findUserByEmail, findUserById } from '../auth/users.ts';
import { deleteUserSessions } from '../auth/sessions.ts';
import { EMAIL_CHANGE_TTL_MINUTES } from '../email/accountEmails.ts';
import type { EdgeEnv } from '../env.ts';
import { eraseAccountData } from './exportData.ts';
import { ACCOUNT_DATA_SECTIONS } from './sections.ts';

export async function readDisplayName(db: D1Database, userId: string): Promise<string | null> {
	const row = await drizzle(db).select({ displayName: userProfiles.displayName }).from(userProfiles).where(eq(userProfiles.userId, userId)).get();
	return row?.displayName ?? null;
}

/** Saves the display name; an empty one removes it. */
export async function writeDisplayName(db: D1Database, userId: string, displayName: string, now = new Date()): Promise<string | null> {
	const orm = drizzle(db);
	if (displayName === '') {
		await orm.delete(userProfiles).where(eq(userProfiles.userId, userId));
		return null;
	}
	await orm
		.insert(userProfiles)
		.values({ userId, displayName, updatedAt: now })
		.onConflictDoUpdate({ target: userProfiles.userId, set: { displayName, updatedAt: now } });
	return displayName;
}

/** A link for moving the account to `newEmail`; earlier change links stop working. */
export async function issueEmailChange(db: D1Database, userId: string, newEmail: string): Promise<string> {
	await voidEmailTokens(db, userId, 'change_email');
	return issueEmailToken(db, { userId, email: newEmail, purpose: 'change_email', ttlMs: EMAIL_CHANGE_TTL_MINUTES * 60 * 1000 });
}

export type EmailChangeResult =
	| { ok: true; user: UserRow; previousEmail: string }
	| { ok: false; reason: 'invalid' | 'expired' | 'taken' };

/**
 * Spends a change link: the account takes the new address (verified, since the link
 * proves the mailbox). Refused when another account took the address meanwhile. Links
 * emailed to the old address (reset, sign-in) stop working, as they name it.
 */
export async function confirmEmailChange(db: D1Database, token: string): Promise<EmailChangeResult> {
	const spent: SpendResult = await spendEmailToken(db, token, 'change_email');
	if (!spent.ok) return spent;
	const user = await findUserById(db, spent.grant.userId);
	if (!user) return { ok: false, reason: 'invalid' };
	const newEmail = spent.grant.email;
	if (user.email === newEmail) return { ok: true, user, previousEmail: newEmail };
	const holder = await findUserByEmail(db, newEmail);
	if (holder) return { ok: false, reason: 'taken' };
	const now = new Date();
	try {
		await drizzle(db).update(users).set({ email: newEmail, emailVerifiedAt: now }).where(eq(users.id, user.id));
	} catch {
		// The UNIQUE constraint: another account took the address between the check and now.
		return { ok: false, reason: 'taken' };
	}
	return { ok: true, user: { ...user, email: newEmail, emailVerifiedAt: now }, previousEmail: user.email };
}

/**
 * Signs every device out (their room sockets close), erases every section (exportData.ts),
 * then the user row; the cascade takes the rest.
 */
export async function deleteAccount(env: EdgeEnv, user: UserRow): Promise<void> {
	await deleteUserSessions(env, user.id);
	await eraseAccountData(ACCOUNT_DATA_SECTIONS, { env, user });
	await drizzle(env.DB).delete(users).where(eq(users.id, user.id));
}
