// What /api/admin reads and writes about accounts: a paged search, and tier and disable
// changes (disabling also ends every session), each answered with the row as it now is.
import { count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { AdminUser, AdminUsersQuery, AdminUsersResponse, UsageTotals } from '../../../../src/lib/protocol/admin.ts';
import type { Tier } from '../../../../src/lib/protocol/tiers.ts';
import { deleteUserSessions, type SessionsEnv } from '../auth/sessions.ts';
import { users, type UserRow } from '../db/schema.ts';
import { userTotals } from './usageQueries.ts';

const NO_USAGE: UsageTotals = { requests: 0, inputTokens: 0, outputTokens: 0, storageBytes: 0 };

export function toAdminUser(user: UserRow, usage: UsageTotals = NO_USAGE): AdminUser {
	return {
		id: user.id,
		email: user.email,
		tier: user.tier,
		emailVerified: user.emailVerifiedAt !== null,
		disabledAt: user.disabledAt?.toISOString() ?? null,
		createdAt: user.createdAt.toISOString(),
		usage
	};
}

/** Part of an email (case-insensitive; `%` and `_` are literal), or a whole user id. */
function matching(q: string): SQL | undefined {
	if (q === '') return undefined;
	const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
	return or(sql`${users.email} LIKE ${pattern} ESCAPE '\\'`, eq(users.id, q));
}

export async function searchUsers(db: D1Database, { q, page, pageSize }: AdminUsersQuery): Promise<AdminUsersResponse> {
	const orm = drizzle(db);
	const where = matching(q);
	const [rows, total] = await Promise.all([
		orm
			.select()
			.from(users)
			.where(where)
			.orderBy(desc(users.createdAt), users.id)
			.limit(pageSize)
			.offset((page - 1) * pageSize),
		orm.select({ n: count() }).from(users).where(where).get()
	]);
	const totals = await userTotals(db, rows.map((row) => row.id));
	return { users: rows.map((row) => toAdminUser(row, totals.get(row.id))), total: total?.n ?? 0, page, pageSize };
}

/** Applies the change and answers the row as it now is; undefined when no such user. */
export async function updateUser(
	env: SessionsEnv,
	id: string,
	change: { tier?: Tier | undefined; disabled?: boolean | undefined },
	now = new Date()
): Promise<AdminUser | undefined> {
	const db = env.DB;
	const orm = drizzle(db);
	const current = await orm.select().from(users).where(eq(users.id, id)).get();
	if (!current) return undefined;
	const set: Partial<Pick<UserRow, 'tier' | 'disabledAt'>> = {};
	if (change.tier !== undefined) set.tier = change.tier;
	// Disabling an already disabled account keeps the first date.
	if (change.disabled !== undefined) set.disabledAt = change.disabled ? (current.disabledAt ?? now) : null;
	const [updated] = await orm.update(users).set(set).where(eq(users.id, id)).returning();
	if (!updated) return undefined;
	if (change.disabled) await deleteUserSessions(env, id);
	const totals = await userTotals(db, [id]);
	return toAdminUser(updated, totals.get(id));
}

export async function countUsers(db: D1Database) {
	const rows = await drizzle(db)
		.select({ tier: users.tier, n: count(), disabled: sql<number>`SUM(CASE WHEN ${users.disabledAt} IS NULL THEN 0 ELSE 1 END)`.mapWith(Number) })
		.from(users)
		.groupBy(users.tier);
	const byTier: Record<Tier, number> = { free: 0, premium: 0, admin: 0 };
	let disabled = 0;
	for (const row of rows) {
		byTier[row.tier] = row.n;
		disabled += row.disabled;
	}
	return { total: byTier.free + byTier.premium + byTier.admin, disabled, byTier };
}
