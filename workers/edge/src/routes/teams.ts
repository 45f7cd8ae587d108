// /api/teams: a user's teams, creating and deleting one, members and their roles, and
// leaving. Every route needs a session; anyone who is not in the team gets the same 404
// as for a team that does not exist, and a member whose role is too low gets a 403.
// Invites, templates and rooms are mounted from their own files.
import { Hono } from 'hono';
import {
	changeRoleRequestSchema,
	createTeamRequestSchema,
	MAX_OWNED_TEAMS,
	type TeamDetailResponse,
	type TeamRole,
	type TeamUsageResponse
} from '../../../../src/lib/protocol/teams.ts';
import { requireSession, withSession, type AuthContext, type AuthHono } from '../auth/authContext.ts';
import { requireSameOrigin } from '../auth/sameOrigin.ts';
import { HttpError } from '../errors.ts';
import { LAST_OWNER_PROBLEM, removalProblem, roleChangeProblem } from '../../../../src/lib/core/teamRoles.ts';
import { pathId, readTeamBody, teamRequest } from '../teams/teamRequest.ts';
import {
	countTeamsOwnedBy,
	createTeam,
	deleteTeam,
	findTeam,
	listMembers,
	listTeams,
	memberRole,
	removeMember,
	setMemberRole,
	type MemberChange
} from '../teams/teamStore.ts';
import { teamUsage } from '../teams/teamUsage.ts';
import { recheckRoomMembers } from '../teams/roomMembership.ts';
import { teamRoomIds } from '../teams/teamRooms.ts';
import { teamInviteRoutes } from './teamsInvites.ts';
import { teamRoomRoutes } from './teamsRooms.ts';
import { teamTemplateRoutes } from './teamsTemplates.ts';

async function detail(c: AuthContext, userId: string, teamId: string): Promise<TeamDetailResponse> {
	const team = await findTeam(c.env.DB, userId, teamId);
	if (!team) throw new HttpError('not_found', 'No such team, or you are not a member of it.');
	return { team, members: await listMembers(c.env.DB, teamId) };
}

function failedChange(change: Exclude<MemberChange, 'done'>): HttpError {
	return change === 'last_owner'
		? new HttpError('invalid_request', LAST_OWNER_PROBLEM, { status: 409 })
		: new HttpError('not_found', 'That person is not a member of this team.');
}

/** The member a route acts on: 404 when they are not in the team. */
async function target(c: AuthContext, teamId: string): Promise<{ userId: string; role: TeamRole }> {
	const userId = pathId(c, 'userId');
	const role = await memberRole(c.env.DB, teamId, userId);
	if (!role) throw failedChange('not_member');
	return { userId, role };
}

/** A member left, was removed or changed role: the team's rooms check that person's sockets now (decision 0019). */
async function membershipChanged(c: AuthContext, teamId: string, userId: string): Promise<void> {
	await recheckRoomMembers(c.env, await teamRoomIds(c.env.DB, teamId), userId);
}

export const teamRoutes = new Hono<AuthHono>()
	.use(requireSameOrigin(), withSession())
	.get('/', async (c) => {
		const { user } = requireSession(c);
		return c.json({ teams: await listTeams(c.env.DB, user.id) });
	})
	.post('/', async (c) => {
		const { user } = requireSession(c);
		const { name } = await readTeamBody(c.req.raw, createTeamRequestSchema);
		if ((await countTeamsOwnedBy(c.env.DB, user.id)) >= MAX_OWNED_TEAMS) {
			throw new HttpError('invalid_request', `You own ${MAX_OWNED_TEAMS} teams, the most one account may: delete one first.`, { status: 409 });
		}
		return c.json({ team: await createTeam(c.env.DB, user.id, name) }, 201);
	})
	.get('/:id', async (c) => {
		const { user, teamId } = await teamRequest(c, 'member');
		return c.json(await detail(c, user.id, teamId));
	})
	.delete('/:id', async (c) => {
		const { teamId } = await teamRequest(c, 'owner', 'delete the team');
		// Read before the delete: its rooms then fall back to their creators' personal workspaces.
		const roomIds = await teamRoomIds(c.env.DB, teamId);
		await deleteTeam(c.env.DB, teamId);
		await recheckRoomMembers(c.env, roomIds, null);
		return c.body(null, 204);
	})
	.post('/:id/leave', async (c) => {
		const { user, teamId } = await teamRequest(c, 'member');
		const change = await removeMember(c.env.DB, teamId, user.id);
		if (change !== 'done') throw failedChange(change);
		await membershipChanged(c, teamId, user.id);
		return c.body(null, 204);
	})
	.patch('/:id/members/:userId', async (c) => {
		const { user, teamId, role } = await teamRequest(c, 'member');
		const { role: next } = await readTeamBody(c.req.raw, changeRoleRequestSchema);
		const member = await target(c, teamId);
		const problem = roleChangeProblem({ userId: user.id, role }, member, next);
		if (problem) throw new HttpError('forbidden', problem);
		const change = await setMemberRole(c.env.DB, teamId, member.userId, next);
		if (change !== 'done') throw failedChange(change);
		await membershipChanged(c, teamId, member.userId);
		return c.json(await detail(c, user.id, teamId));
	})
	.delete('/:id/members/:userId', async (c) => {
		const { user, teamId, role } = await teamRequest(c, 'member');
		const member = await target(c, teamId);
		const problem = removalProblem({ userId: user.id, role }, member);
		if (problem) throw new HttpError('forbidden', problem);
		const change = await removeMember(c.env.DB, teamId, member.userId);
		if (change !== 'done') throw failedChange(change);
		await membershipChanged(c, teamId, member.userId);
		return c.body(null, 204);
	})
	.get('/:id/usage', async (c) => {
		const { teamId } = await teamRequest(c, 'admin', 'see team usage');
		return c.json({ days: await teamUsage(c.env.DB, teamId) } satisfies TeamUsageResponse);
	})
	.route('/:id/invites', teamInviteRoutes)
	.route('/:id/templates', teamTemplateRoutes)
	.route('/:id/rooms', teamRoomRoutes);
