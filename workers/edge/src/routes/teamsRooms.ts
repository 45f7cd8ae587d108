// /api/teams/:id/rooms: the rooms in a team's workspace (decision 0019). Every member
// lists them and opens any of them without a link; rooms are added by sharing into the
// team (POST /api/rooms with its workspaceId) and deleted through DELETE /api/rooms/:id.
import { Hono } from 'hono';
import type { AuthHono } from '../auth/authContext.ts';
import { listTeamRooms } from '../teams/teamRooms.ts';
import { teamRequest } from '../teams/teamRequest.ts';

export const teamRoomRoutes = new Hono<AuthHono>().get('/', async (c) => {
	const { teamId } = await teamRequest(c, 'member');
	return c.json({ rooms: await listTeamRooms(c.env.DB, teamId) });
});
