// Teams in "export my data" and "delete my account" (account/exportData.ts). The export
// lists the user's teams and roles and the team templates they last changed. Deleting
// the account must not leave a team without an owner: each team the user alone owns
// passes to its longest-standing admin (or, with none, member), and a team with nobody
// else in it is deleted. The user row's cascade then removes the memberships.
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { AccountDataSection } from '../account/exportData.ts';
import { teamMembers, teams, teamTemplates } from '../db/schema.ts';

/** Hands over or deletes every team `userId` is the only owner of. */
export async function handOverTeams(db: D1Database, userId: string): Promise<void> {
	const orm = drizzle(db);
	const soleOwned = await orm
		.select({ teamId: teamMembers.teamId })
		.from(teamMembers)
		.where(
			and(
				eq(teamMembers.userId, userId),
				eq(teamMembers.role, 'owner'),
				sql`(SELECT count(*) FROM ${teamMembers} AS o WHERE o.team_id = ${teamMembers.teamId} AND o.role = 'owner') = 1`
			)
		);
	for (const { teamId } of soleOwned) {
		const successor = await orm
			.select({ userId: teamMembers.userId })
			.from(teamMembers)
			.where(and(eq(teamMembers.teamId, teamId), ne(teamMembers.userId, userId)))
			.orderBy(desc(sql`${teamMembers.role} = 'admin'`), asc(teamMembers.joinedAt))
			.get();
		if (successor) {
			await orm
				.update(teamMembers)
				.set({ role: 'owner' })
				.where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, successor.userId)));
		} else {
			await orm.delete(teams).where(eq(teams.id, teamId));
		}
	}
}

export const teamsAccountSection: AccountDataSection = {
	key: 'teams',
	description: 'Teams you are in, with your role, and the team templates you last changed.',
	async collect({ env, user }) {
		const orm = drizzle(env.DB);
		const memberships = await orm
			.select({ id: teams.id, name: teams.name, role: teamMembers.role, joinedAt: teamMembers.joinedAt })
			.from(teamMembers)
			.innerJoin(teams, eq(teams.id, teamMembers.teamId))
			.where(eq(teamMembers.userId, user.id));
		const templates = await orm.select().from(teamTemplates).where(eq(teamTemplates.updatedBy, user.id));
		return {
			memberships: memberships.map((row) => ({ ...row, joinedAt: row.joinedAt.toISOString() })),
			templatesLastChanged: templates.map((row) => ({
				teamId: row.teamId,
				name: row.name,
				systemPrompt: row.systemPrompt,
				starter: row.starter,
				updatedAt: row.updatedAt.toISOString()
			}))
		};
	},
	erase: ({ env, user }) => handOverTeams(env.DB, user.id)
};
