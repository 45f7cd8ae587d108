// ADMIN_EMAILS: accounts whose (verified) address is listed become admins when they sign
// in, so a fresh deployment gets its first admin without touching the database.
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { normalizeEmail } from '../../../../src/lib/protocol/auth.ts';
import { users, type UserRow } from '../db/schema.ts';
import type { EdgeEnv } from '../env.ts';

export function configuredAdmins(env: Pick<EdgeEnv, 'ADMIN_EMAILS'>): Set<string> {
	return new Set((env.ADMIN_EMAILS ?? '').split(',').map(normalizeEmail).filter(Boolean));
}

/** The user, promoted to admin first when ADMIN_EMAILS lists their verified address. */
export async function promoteConfiguredAdmin(env: EdgeEnv, user: UserRow): Promise<UserRow> {
	if (user.tier === 'admin' || user.emailVerifiedAt === null || !configuredAdmins(env).has(user.email)) return user;
	await drizzle(env.DB).update(users).set({ tier: 'admin' }).where(eq(users.id, user.id));
	return { ...user, tier: 'admin' };
}
