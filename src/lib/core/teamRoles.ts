// The rules for changing who is in a team and in which role, shared by the edge (which
// enforces them) and the app (which offers only what they allow). Owners may do anything
// but leave a team without an owner; admins manage members (and may make them admins);
// members manage nobody but themselves.
import { ROLE_RANK, type TeamRole } from '../protocol/teams.ts';

/** Why `actor` may not give `target` the role `next`, or undefined if they may. */
export function roleChangeProblem(actor: { userId: string; role: TeamRole }, target: { userId: string; role: TeamRole }, next: TeamRole): string | undefined {
	if (actor.userId === target.userId) {
		return ROLE_RANK[next] <= ROLE_RANK[actor.role] ? undefined : 'You cannot raise your own role: ask an owner.';
	}
	if (actor.role === 'owner') return undefined;
	if (actor.role === 'member') return 'Only a team admin or owner can change roles.';
	if (target.role !== 'member') return 'Only an owner can change the role of an admin or owner.';
	return ROLE_RANK[next] <= ROLE_RANK.admin ? undefined : 'Only an owner can make someone an owner.';
}

/** Why `actor` may not remove `target` from the team, or undefined if they may. */
export function removalProblem(actor: { userId: string; role: TeamRole }, target: { userId: string; role: TeamRole }): string | undefined {
	if (actor.userId === target.userId) return undefined;
	if (actor.role === 'owner') return undefined;
	if (actor.role === 'member') return 'Only a team admin or owner can remove members.';
	return target.role === 'member' ? undefined : 'Only an owner can remove an admin or owner.';
}

/** Why `actor` may not invite someone as `role`, or undefined if they may. */
export function inviteProblem(actorRole: TeamRole, role: TeamRole): string | undefined {
	if (actorRole === 'member') return 'Only a team admin or owner can invite people.';
	return ROLE_RANK[role] <= ROLE_RANK[actorRole] ? undefined : 'Only an owner can invite someone as an owner.';
}

export const LAST_OWNER_PROBLEM = 'A team needs an owner: make someone else an owner first, or delete the team.';
