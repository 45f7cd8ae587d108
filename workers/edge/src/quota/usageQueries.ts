// Reads over the usage log (one row per proxied chat call, db/usage.ts) and the API-call
// counters: a user's daily series for the dashboard, and totals per user and overall for admins.
import { and, count, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { UsageTotals } from '../../../../src/lib/protocol/admin.ts';
import type { DailyUsage } from '../../../../src/lib/protocol/usage.ts';
import { apiCalls, usage } from '../db/schema.ts';
import { DAY_MS, utcDay } from './dailyQuota.ts';
import { currentStorage, storageSeries } from './storage.ts';

/** Requests and tokens summed over a group of usage rows (zeros for none); teams use it too. */
export const totalsColumns = {
	requests: count(),
	inputTokens: sql<number>`COALESCE(SUM(${usage.inputTokens}), 0)`.mapWith(Number),
	outputTokens: sql<number>`COALESCE(SUM(${usage.outputTokens}), 0)`.mapWith(Number)
};

/** The `count` UTC days ending with `now`'s, oldest first. */
export function lastDays(count: number, now = new Date()): string[] {
	return Array.from({ length: count }, (_, i) => utcDay(new Date(now.getTime() - (count - 1 - i) * DAY_MS)));
}

/** One entry per day of the last `days` (zeros included), oldest first. */
export async function usageSeries(db: D1Database, userId: string, days: number, now = new Date()): Promise<DailyUsage[]> {
	const range = lastDays(days, now);
	const orm = drizzle(db);
	const [rows, calls, storage] = await Promise.all([
		orm
			.select({ day: usage.day, ...totalsColumns })
			.from(usage)
			.where(and(eq(usage.userId, userId), gte(usage.day, range[0]!)))
			.groupBy(usage.day),
		orm
			.select({ day: apiCalls.day, calls: apiCalls.calls })
			.from(apiCalls)
			.where(and(eq(apiCalls.userId, userId), gte(apiCalls.day, range[0]!))),
		storageSeries(db, userId, range)
	]);
	const byDay = new Map(rows.map((row) => [row.day, row]));
	const callsByDay = new Map(calls.map((row) => [row.day, row.calls]));
	return range.map((day, i) => {
		const row = byDay.get(day);
		return {
			day,
			messages: row?.requests ?? 0,
			apiCalls: callsByDay.get(day) ?? 0,
			inputTokens: row?.inputTokens ?? 0,
			outputTokens: row?.outputTokens ?? 0,
			storageBytes: storage[i] ?? 0
		};
	});
}


/** All-time totals for each of `userIds` (users with no use get zeros). */
export async function userTotals(db: D1Database, userIds: readonly string[]): Promise<Map<string, UsageTotals>> {
	if (userIds.length === 0) return new Map();
	const [rows, storage] = await Promise.all([
		drizzle(db)
			.select({ userId: usage.userId, ...totalsColumns })
			.from(usage)
			.where(inArray(usage.userId, [...userIds]))
			.groupBy(usage.userId),
		currentStorage(db, userIds)
	]);
	const byUser = new Map(rows.map((row) => [row.userId, row]));
	return new Map(
		userIds.map((id) => {
			const row = byUser.get(id);
			return [id, { requests: row?.requests ?? 0, inputTokens: row?.inputTokens ?? 0, outputTokens: row?.outputTokens ?? 0, storageBytes: storage.get(id) ?? 0 }];
		})
	);
}

/** Every caller's totals, all time; anonymous requests and today's requests besides. */
export async function overallTotals(db: D1Database, now = new Date()) {
	const orm = drizzle(db);
	const [all, anonymous, today, storage] = await Promise.all([
		orm.select(totalsColumns).from(usage).get(),
		orm.select({ n: count() }).from(usage).where(isNull(usage.userId)).get(),
		orm.select({ n: count() }).from(usage).where(eq(usage.day, utcDay(now))).get(),
		currentStorage(db)
	]);
	let storageBytes = 0;
	for (const bytes of storage.values()) storageBytes += bytes;
	return {
		usage: { requests: all?.requests ?? 0, inputTokens: all?.inputTokens ?? 0, outputTokens: all?.outputTokens ?? 0, storageBytes },
		anonymousRequests: anonymous?.n ?? 0,
		requestsToday: today?.n ?? 0
	};
}

/** Detaches a deleted account's usage rows from it; the calls still count in the overall totals. */
export async function forgetUserUsage(db: D1Database, userId: string): Promise<void> {
	await drizzle(db).update(usage).set({ userId: null }).where(eq(usage.userId, userId));
}
