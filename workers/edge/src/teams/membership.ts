// Who may do what in a workspace (decision 0011). Every user has a personal workspace,
// whose id is the user's id and where they are the owner; every team is a shared
// workspace, whose id is the team's id, with the roles of team_members. Anything that
// belongs to a workspace (templates now, rooms next) is authorized through this file.
import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { ROLE_RANK, type WorkspaceRole } from '../../../../src/lib/protocol/teams.ts';
import { teamMembers } from '../db/schema.ts';
import { HttpError } from '../errors.ts';

/**
 * The user's role in the workspace: `owner` of their own personal workspace, their team
 * role in a team's, and null when they have no access (an unknown id, another user's
 * personal workspace, or a team they are not in). The one membership check: use it for
 * every workspace-scoped read and write, at the edge and in Durable Objects alike.
 */
export async function workspaceRole(db: D1Database, userId: string, workspaceId: string): Promise<WorkspaceRole | null> {
	if (workspaceId === userId) return 'owner';
	const row = await drizzle(db)
		.select({ role: teamMembers.role })
		.from(teamMembers)
		.where(and(eq(teamMembers.teamId, workspaceId), eq(teamMembers.userId, userId)))
		.get();
	return row?.role ?? null;
}

/**
 * The user's role if it is at least `minimum`. Throws 404 for someone with no access (so
 * a stranger cannot even learn that the workspace exists) and 403 for a member whose role
 * is too low.
 */
export async function requireWorkspaceRole(
	db: D1Database,
	userId: string,
	workspaceId: string,
	minimum: WorkspaceRole,
	action = 'do that'
): Promise<WorkspaceRole> {
	const role = await workspaceRole(db, userId, workspaceId);
	if (role === null) throw new HttpError('not_found', 'No such team, or you are not a member of it.');
	if (!atLeast(role, minimum)) {
		throw new HttpError('forbidden', `Only a team ${minimum === 'owner' ? 'owner' : 'admin or owner'} can ${action}.`);
	}
	return role;
}

export function atLeast(role: WorkspaceRole, minimum: WorkspaceRole): boolean {
	return ROLE_RANK[role] >= ROLE_RANK[minimum];
}
