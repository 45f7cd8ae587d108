// Teams and their members in D1. The "a team always has an owner" rule is enforced by the
// SQL itself (a conditional update or delete that counts the owners in the same
// statement), so two owners demoting each other at once cannot both succeed.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { TeamMember, TeamRole, TeamSummary } from '../../../../src/lib/protocol/teams.ts';
import { teamMembers, teams, users, type TeamRow } from '../db/schema.ts';
import { randomId } from '../auth/tokens.ts';

export async function createTeam(db: D1Database, ownerId: string, name: string, now = new Date()): Promise<TeamSummary> {
	const team: TeamRow = { id: randomId(), name, createdAt: now };
	const orm = drizzle(db);
	await orm.batch([orm.insert(teams).values(team), orm.insert(teamMembers).values({ teamId: team.id, userId: ownerId, role: 'owner', joinedAt: now })]);
	return { id: team.id, name, createdAt: now.toISOString(), role: 'owner', memberCount: 1 };
}

const memberCount = sql<number>`(SELECT count(*) FROM ${teamMembers} AS m WHERE m.team_id = ${teams.id})`.mapWith(Number);

/** The user's teams, oldest first, with their role in each. */
export async function listTeams(db: D1Database, userId: string): Promise<TeamSummary[]> {
	const rows = await drizzle(db)
		.select({ id: teams.id, name: teams.name, createdAt: teams.createdAt, role: teamMembers.role, memberCount })
		.from(teamMembers)
		.innerJoin(teams, eq(teams.id, teamMembers.teamId))
		.where(eq(teamMembers.userId, userId))
		.orderBy(asc(teams.createdAt), asc(teams.id));
	return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

/** One of the user's teams; undefined when they are not a member (or it does not exist). */
export async function findTeam(db: D1Database, userId: string, teamId: string): Promise<TeamSummary | undefined> {
	const row = await drizzle(db)
		.select({ id: teams.id, name: teams.name, createdAt: teams.createdAt, role: teamMembers.role, memberCount })
		.from(teamMembers)
		.innerJoin(teams, eq(teams.id, teamMembers.teamId))
		.where(and(eq(teamMembers.userId, userId), eq(teamMembers.teamId, teamId)))
		.get();
	return row && { ...row, createdAt: row.createdAt.toISOString() };
}

export async function teamName(db: D1Database, teamId: string): Promise<string | undefined> {
	return (await drizzle(db).select({ name: teams.name }).from(teams).where(eq(teams.id, teamId)).get())?.name;
}

export async function listMembers(db: D1Database, teamId: string): Promise<TeamMember[]> {
	const rows = await drizzle(db)
		.select({ userId: teamMembers.userId, email: users.email, role: teamMembers.role, joinedAt: teamMembers.joinedAt })
		.from(teamMembers)
		.innerJoin(users, eq(users.id, teamMembers.userId))
		.where(eq(teamMembers.teamId, teamId))
		.orderBy(asc(teamMembers.joinedAt), asc(users.email));
	return rows.map((row) => ({ ...row, joinedAt: row.joinedAt.toISOString() }));
}

export async function memberRole(db: D1Database, teamId: string, userId: string): Promise<TeamRole | undefined> {
	const row = await drizzle(db)
		.select({ role: teamMembers.role })
		.from(teamMembers)
		.where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
		.get();
	return row?.role;
}

/** Adds a member; false when they already were one (their role is then left alone). */
export async function addMember(db: D1Database, teamId: string, userId: string, role: TeamRole, now = new Date()): Promise<boolean> {
	const inserted = await drizzle(db)
		.insert(teamMembers)
		.values({ teamId, userId, role, joinedAt: now })
		.onConflictDoNothing()
		.returning({ userId: teamMembers.userId });
	return inserted.length > 0;
}

/** True unless this change would leave the team without an owner: the row stays then. */
const keepsAnOwner = (teamId: string) =>
	sql`(${teamMembers.role} != 'owner' OR (SELECT count(*) FROM ${teamMembers} AS o WHERE o.team_id = ${teamId} AND o.role = 'owner') > 1)`;

export type MemberChange = 'done' | 'not_member' | 'last_owner';

export async function setMemberRole(db: D1Database, teamId: string, userId: string, role: TeamRole): Promise<MemberChange> {
	const member = and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId));
	const guard = role === 'owner' ? member : and(member, keepsAnOwner(teamId));
	const updated = await drizzle(db).update(teamMembers).set({ role }).where(guard).returning({ userId: teamMembers.userId });
	if (updated.length > 0) return 'done';
	return (await memberRole(db, teamId, userId)) === undefined ? 'not_member' : 'last_owner';
}

export async function removeMember(db: D1Database, teamId: string, userId: string): Promise<MemberChange> {
	const deleted = await drizzle(db)
		.delete(teamMembers)
		.where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId), keepsAnOwner(teamId)))
		.returning({ userId: teamMembers.userId });
	if (deleted.length > 0) return 'done';
	return (await memberRole(db, teamId, userId)) === undefined ? 'not_member' : 'last_owner';
}

/** Deletes the team with its members, invites and templates (foreign keys cascade). */
export async function deleteTeam(db: D1Database, teamId: string): Promise<void> {
	await drizzle(db).delete(teams).where(eq(teams.id, teamId));
}

export async function countTeamsOwnedBy(db: D1Database, userId: string): Promise<number> {
	const [row] = await drizzle(db)
		.select({ n: count() })
		.from(teamMembers)
		.where(and(eq(teamMembers.userId, userId), eq(teamMembers.role, 'owner')));
	return row?.n ?? 0;
}
