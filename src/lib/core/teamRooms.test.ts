import { describe, expect, it } from 'vitest';
import { roomDeletionProblem, TEAM_ROOM_ROLE } from './teamRooms.ts';

describe('team rooms', () => {
	it('maps team roles to room roles: owners and admins run rooms, members edit', () => {
		expect(TEAM_ROOM_ROLE).toEqual({ owner: 'admin', admin: 'admin', member: 'edit' });
	});

	it('lets the creator, team owners and admins delete a room; other members not', () => {
		expect(roomDeletionProblem({ userId: 'u1', teamRole: 'member' }, 'u1')).toBeUndefined();
		expect(roomDeletionProblem({ userId: 'u1', teamRole: null }, 'u1')).toBeUndefined();
		expect(roomDeletionProblem({ userId: 'u2', teamRole: 'admin' }, 'u1')).toBeUndefined();
		expect(roomDeletionProblem({ userId: 'u2', teamRole: 'owner' }, 'u1')).toBeUndefined();
		expect(roomDeletionProblem({ userId: 'u2', teamRole: 'member' }, 'u1')).toMatch(/creator or a team admin/);
		expect(roomDeletionProblem({ userId: 'u2', teamRole: null }, 'u1')).toMatch(/creator/);
	});
});
