// Rooms in team workspaces (decision 0019), shared by the edge (which enforces it, in the
// routes and in the Room Durable Object) and the app (which offers only what it allows).
// Every member may put a room into the team; membership alone opens it, with a room role
// that follows the team role; the creator or a team admin may delete it.
import type { RoomRole } from '../protocol/room.ts';
import type { TeamRole } from '../protocol/teams.ts';

/** The room role a team role grants in the team's rooms: admins run them, members take part. */
export const TEAM_ROOM_ROLE: Record<TeamRole, RoomRole> = { owner: 'admin', admin: 'admin', member: 'edit' };

/**
 * Why `actor` may not delete a room, or undefined if they may: its creator always may; in
 * a team workspace, so may the team's owners and admins (they keep the workspace tidy).
 */
export function roomDeletionProblem(actor: { userId: string; teamRole: TeamRole | null }, creatorId: string): string | undefined {
	if (actor.userId === creatorId) return undefined;
	if (actor.teamRole === 'owner' || actor.teamRole === 'admin') return undefined;
	return 'Only the room’s creator or a team admin or owner can delete it.';
}
