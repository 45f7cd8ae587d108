// What team membership grants in a room (decision 0019). The Room Durable Object asks
// this itself, from D1, whenever someone joins or an admin route checks a role: the
// client never says which team it is in. Membership changes tell the team's rooms to
// check their sockets again, so a removed member is out at once, not only at the next join.
import type { RoomRole } from '../../../../src/lib/protocol/room.ts';
import { TEAM_ROOM_ROLE } from '../../../../src/lib/core/teamRooms.ts';
import type { EdgeEnv } from '../env.ts';
import { workspaceRole } from './membership.ts';
import { teamOfRoom } from './teamRooms.ts';

/** The room role the user's team role grants in this room; null for a personal room or a non-member. */
export async function membershipRoomRole(db: D1Database, roomId: string, userId: string): Promise<RoomRole | null> {
	const teamId = await teamOfRoom(db, roomId);
	if (teamId === null) return null;
	const role = await workspaceRole(db, userId, teamId);
	return role === null ? null : TEAM_ROOM_ROLE[role];
}

/**
 * Has each room check the sockets it admitted by membership (one user's, or with null
 * everyone's) against the team as it is now. A room that cannot be reached still checks
 * at the next join, so one failure does not fail the membership change.
 */
export async function recheckRoomMembers(env: EdgeEnv, roomIds: readonly string[], userId: string | null): Promise<void> {
	await Promise.allSettled(roomIds.map((id) => env.ROOM.getByName(id).membershipChanged(userId)));
}
