// GET /api/workspaces: every workspace the signed-in user can open — their personal one
// and each team's — with their role and what the workspace shares, in one call the app
// caches for offline use (decisions 0011, 0019).
import { Hono } from 'hono';
import type { Workspace, WorkspaceRoom, WorkspacesResponse } from '../../../../src/lib/protocol/teams.ts';
import { requireSession, withSession, type AuthHono } from '../auth/authContext.ts';
import { listWorkspaceRooms } from '../teams/teamRooms.ts';
import { listTeamTemplates } from '../teams/teamTemplates.ts';
import { listTeams } from '../teams/teamStore.ts';

/**
 * What each workspace holds, as its members see it. Personal templates live in the
 * browser, so a personal workspace lists none here; its rooms are the ones the user
 * created there. Rooms and templates are read once for all the ids below.
 */
export const workspaceRoutes = new Hono<AuthHono>().use(withSession()).get('/', async (c) => {
	const { user } = requireSession(c);
	const teams = await listTeams(c.env.DB, user.id);
	const teamIds = teams.map((team) => team.id);
	const [templates, rooms] = await Promise.all([listTeamTemplates(c.env.DB, teamIds), listWorkspaceRooms(c.env.DB, teamIds, user.id)]);
	const roomsOf = (teamId: string | null): WorkspaceRoom[] =>
		rooms.filter((room) => room.teamId === teamId).map(({ teamId: _teamId, ...room }) => room);
	const workspaces: Workspace[] = [
		{ id: user.id, kind: 'personal', name: 'Personal', role: 'owner', templates: [], rooms: roomsOf(null) },
		...teams.map((team) => ({
			id: team.id,
			kind: 'team' as const,
			name: team.name,
			role: team.role,
			templates: templates.filter((template) => template.teamId === team.id),
			rooms: roomsOf(team.id)
		}))
	];
	return c.json({ workspaces } satisfies WorkspacesResponse);
});
