// GET /api/workspaces: every workspace the signed-in user can open — their personal one
// and each team's — with their role and what the workspace shares, in one call the app
// caches for offline use (decision 0011).
import { Hono } from 'hono';
import type { Workspace, WorkspacesResponse } from '../../../../src/lib/protocol/teams.ts';
import { requireSession, withSession, type AuthHono } from '../auth/authContext.ts';
import { listTeamTemplates } from '../teams/teamTemplates.ts';
import { listTeams } from '../teams/teamStore.ts';

/**
 * What each workspace holds, as its members see it. Personal templates live in the
 * browser, so a personal workspace lists none here. Rooms join this answer the same way
 * templates do: a list per workspace id, read for the ids below.
 */
export const workspaceRoutes = new Hono<AuthHono>().use(withSession()).get('/', async (c) => {
	const { user } = requireSession(c);
	const teams = await listTeams(c.env.DB, user.id);
	const templates = await listTeamTemplates(
		c.env.DB,
		teams.map((team) => team.id)
	);
	const workspaces: Workspace[] = [
		{ id: user.id, kind: 'personal', name: 'Personal', role: 'owner', templates: [] },
		...teams.map((team) => ({
			id: team.id,
			kind: 'team' as const,
			name: team.name,
			role: team.role,
			templates: templates.filter((template) => template.teamId === team.id)
		}))
	];
	return c.json({ workspaces } satisfies WorkspacesResponse);
});
