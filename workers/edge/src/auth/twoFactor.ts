// Two-factor state in D1: setting a key up, turning it on with fresh recovery codes,
// turning it off, and checking a code (TOTP or recovery) for a user.
import { and, eq, isNull, ne } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { recoveryCodes, sessions, users, type UserRow } from '../db/schema.ts';
import { acceptTotp, looksLikeTotp, matchRecoveryCode, newRecoveryCodes, newTotpKey, type NewTotpKey } from './totp.ts';

export async function startTotpSetup(db: D1Database, user: UserRow): Promise<NewTotpKey> {
	const key = newTotpKey(user.email);
	await drizzle(db).update(users).set({ totpPendingKey: key.keyHex }).where(eq(users.id, user.id));
	return key;
}

/**
 * Turns two-factor on if `code` comes from the key being set up. Returns the recovery
 * codes (shown once), or undefined for a wrong code. This session counts as verified;
 * the account's other sessions will be asked for a code.
 */
export async function enableTotp(db: D1Database, user: UserRow, sessionId: string, code: string): Promise<string[] | undefined> {
	if (!user.totpPendingKey || !looksLikeTotp(code)) return undefined;
	const step = acceptTotp(user.totpPendingKey, code, null);
	if (step === undefined) return undefined;
	const { codes, hashes } = newRecoveryCodes();
	const orm = drizzle(db);
	await orm.batch([
		orm.update(users).set({ totpKey: user.totpPendingKey, totpPendingKey: null, totpLastStep: step }).where(eq(users.id, user.id)),
		orm.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)),
		orm.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId: user.id, codeHash }))),
		orm.update(sessions).set({ twoFactorVerified: false }).where(and(eq(sessions.userId, user.id), ne(sessions.id, sessionId))),
		orm.update(sessions).set({ twoFactorVerified: true }).where(eq(sessions.id, sessionId))
	]);
	return codes;
}

export async function disableTotp(db: D1Database, userId: string): Promise<void> {
	const orm = drizzle(db);
	await orm.batch([
		orm.update(users).set({ totpKey: null, totpLastStep: null, totpPendingKey: null }).where(eq(users.id, userId)),
		orm.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
	]);
}

/**
 * Whether `code` is a current TOTP code (not used before) or an unused recovery code of
 * the user's; either is spent by this call.
 */
export async function spendSecondFactor(db: D1Database, user: UserRow, code: string): Promise<boolean> {
	if (!user.totpKey) return false;
	const orm = drizzle(db);
	if (looksLikeTotp(code)) {
		const step = acceptTotp(user.totpKey, code, user.totpLastStep);
		if (step === undefined) return false;
		// Conditional, so two requests racing with the same code cannot both pass.
		const updated = await orm
			.update(users)
			.set({ totpLastStep: step })
			.where(and(eq(users.id, user.id), user.totpLastStep === null ? isNull(users.totpLastStep) : eq(users.totpLastStep, user.totpLastStep)))
			.returning({ id: users.id });
		return updated.length > 0;
	}
	const stored = await orm.select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash }).from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
	const id = matchRecoveryCode(code, stored);
	if (id === undefined) return false;
	const spent = await orm.delete(recoveryCodes).where(eq(recoveryCodes.id, id)).returning({ id: recoveryCodes.id });
	return spent.length > 0;
}

export async function markSessionTwoFactorVerified(db: D1Database, sessionId: string): Promise<void> {
	await drizzle(db).update(sessions).set({ twoFactorVerified: true }).where(eq(sessions.id, sessionId));
}

export async function countRecoveryCodes(db: D1Database, userId: string): Promise<number> {
	return (await drizzle(db).select({ id: recoveryCodes.id }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId))).length;
}
