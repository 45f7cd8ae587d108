// A team's use of server-held models: the usage rows of its current members, summed per
// UTC day. Someone who left no longer counts (their rows stay theirs); calls made before
// joining count, since usage rows record people, not teams.
import { and, asc, eq, gte } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { TeamUsageDay } from '../../../../src/lib/protocol/teams.ts';
import { teamMembers, usage } from '../db/schema.ts';
import { totalsColumns } from '../quota/usageQueries.ts';

export const TEAM_USAGE_DAYS = 30;

/** The last `days` UTC days (today included) that had any use, oldest first. */
export async function teamUsage(db: D1Database, teamId: string, now = new Date(), days = TEAM_USAGE_DAYS): Promise<TeamUsageDay[]> {
	const since = new Date(now.getTime() - (days - 1) * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
	const rows = await drizzle(db)
		.select({ day: usage.day, ...totalsColumns })
		.from(usage)
		.innerJoin(teamMembers, eq(teamMembers.userId, usage.userId))
		.where(and(eq(teamMembers.teamId, teamId), gte(usage.day, since)))
		.groupBy(usage.day)
		.orderBy(asc(usage.day));
	return rows;
}
