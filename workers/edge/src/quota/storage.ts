// Storage bytes per user: each part of the edge that stores data for a user reports its
// current total under its own source name; a day's figure is the sum over sources of each
// one's latest report on or before that day.
import { and, eq, lte, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { storageUsage } from '../db/schema.ts';
import { utcDay } from './dailyQuota.ts';

/**
 * Records that `source` (e.g. `sync`, `rooms`) now holds `bytes` for `userId`. Call it
 * after a write changes the total; several calls a day keep the last.
 */
export async function recordStorage(db: D1Database, userId: string, source: string, bytes: number, now = new Date()): Promise<void> {
	if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`storage bytes must be a whole number ≥ 0, got ${bytes}`);
	const row = { userId, source, day: utcDay(now), bytes, updatedAt: now };
	await drizzle(db)
		.insert(storageUsage)
		.values(row)
		.onConflictDoUpdate({ target: [storageUsage.userId, storageUsage.source, storageUsage.day], set: { bytes, updatedAt: now } });
}

/** Bytes held for the user at the end of each day in `days` (ascending `YYYY-MM-DD`). */
export async function storageSeries(db: D1Database, userId: string, days: readonly string[]): Promise<number[]> {
	const last = days.at(-1);
	if (last === undefined) return [];
	const rows = await drizzle(db)
		.select({ source: storageUsage.source, day: storageUsage.day, bytes: storageUsage.bytes })
		.from(storageUsage)
		.where(and(eq(storageUsage.userId, userId), lte(storageUsage.day, last)))
		.orderBy(storageUsage.day);
	const latest = new Map<string, number>();
	let next = 0;
	return days.map((day) => {
		for (; next < rows.length && rows[next]!.day <= day; next++) latest.set(rows[next]!.source, rows[next]!.bytes);
		let total = 0;
		for (const bytes of latest.values()) total += bytes;
		return total;
	});
}

/** Bytes held now for each of `userIds` (missing: 0), from each source's latest report. */
export async function currentStorage(db: D1Database, userIds?: readonly string[]): Promise<Map<string, number>> {
	if (userIds?.length === 0) return new Map();
	const filter = userIds ? sql`AND s.user_id IN (${sql.join(userIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
	const rows = await drizzle(db).all<{ userId: string; bytes: number }>(sql`
		SELECT s.user_id AS userId, SUM(s.bytes) AS bytes FROM storage_usage s
		WHERE s.day = (SELECT MAX(day) FROM storage_usage t WHERE t.user_id = s.user_id AND t.source = s.source) ${filter}
		GROUP BY s.user_id`);
	return new Map(rows.map((row) => [row.userId, Number(row.bytes)]));
}
