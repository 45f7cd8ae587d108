// Templates shared in a team: stored at the edge, listed to every member, changed by
// admins and owners (the routes check roles; these functions only touch one team's rows).
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { TeamTemplate, TeamTemplateInput } from '../../../../src/lib/protocol/teams.ts';
import { randomId } from '../auth/tokens.ts';
import { teamTemplates, type TeamTemplateRow } from '../db/schema.ts';

function toTeamTemplate(row: TeamTemplateRow): TeamTemplate {
	return { id: row.id, teamId: row.teamId, name: row.name, systemPrompt: row.systemPrompt, starter: row.starter, updatedAt: row.updatedAt.toISOString() };
}

/** The templates of the given teams, by name. */
export async function listTeamTemplates(db: D1Database, teamIds: readonly string[]): Promise<TeamTemplate[]> {
	if (teamIds.length === 0) return [];
	const rows = await drizzle(db)
		.select()
		.from(teamTemplates)
		.where(inArray(teamTemplates.teamId, [...teamIds]))
		.orderBy(asc(teamTemplates.name), asc(teamTemplates.id));
	return rows.map(toTeamTemplate);
}

export async function countTeamTemplates(db: D1Database, teamId: string): Promise<number> {
	const [row] = await drizzle(db).select({ n: count() }).from(teamTemplates).where(eq(teamTemplates.teamId, teamId));
	return row?.n ?? 0;
}

export async function addTeamTemplate(db: D1Database, teamId: string, userId: string, input: TeamTemplateInput, now = new Date()): Promise<TeamTemplate> {
	const row: TeamTemplateRow = { id: randomId(), teamId, ...input, updatedBy: userId, updatedAt: now };
	await drizzle(db).insert(teamTemplates).values(row);
	return toTeamTemplate(row);
}

/** Replaces a template's fields; undefined when the team has no template with that id. */
export async function updateTeamTemplate(
	db: D1Database,
	teamId: string,
	templateId: string,
	userId: string,
	input: TeamTemplateInput,
	now = new Date()
): Promise<TeamTemplate | undefined> {
	const [row] = await drizzle(db)
		.update(teamTemplates)
		.set({ ...input, updatedBy: userId, updatedAt: now })
		.where(and(eq(teamTemplates.teamId, teamId), eq(teamTemplates.id, templateId)))
		.returning();
	return row && toTeamTemplate(row);
}

export async function deleteTeamTemplate(db: D1Database, teamId: string, templateId: string): Promise<boolean> {
	const deleted = await drizzle(db)
		.delete(teamTemplates)
		.where(and(eq(teamTemplates.teamId, teamId), eq(teamTemplates.id, templateId)))
		.returning({ id: teamTemplates.id });
	return deleted.length > 0;
}
