// Rooms in "export my data" and "delete my account" (account/exportData.ts, decisions 0019
// and 0051). The export lists the rooms the user created, with the workspace each is in,
// and, for every room they joined, what that room holds about them: each entry they caused
// (their messages, reactions, annotations, notes changes) and the role they were given.
// Deleting the account deletes the rooms they created, team rooms included (each Room
// Durable Object is emptied, everyone in it disconnected), and takes their name off the
// entries they left in the rooms of others.
import type { AccountDataSection } from '../account/exportData.ts';
import { roomsJoinedBy } from '../rooms/roomParticipants.ts';
import { roomsCreatedBy } from './teamRooms.ts';

export const roomsAccountSection: AccountDataSection = {
	key: 'rooms',
	description:
		'Live rooms you created, with the team workspace each belongs to (none: your personal workspace); and, for each room you joined, everything you did there and the role you were given.',
	async collect({ env, user }) {
		const created = await roomsCreatedBy(env.DB, user.id);
		const joined = await roomsJoinedBy(env.DB, user.id);
		const activity = await Promise.all(joined.map((roomId) => env.ROOM.getByName(roomId).activityOf(user.id)));
		return {
			created: created.map((row) => ({
				id: row.id,
				title: row.title,
				createdAt: row.createdAt.toISOString(),
				team: row.teamId === null ? null : { id: row.teamId, name: row.teamName }
			})),
			// A deleted room answers null: nothing of it is held any more.
			joined: activity.filter((room) => room !== null)
		};
	},
	async erase({ env, user }) {
		const created = await roomsCreatedBy(env.DB, user.id);
		for (const room of created) await env.ROOM.getByName(room.id).destroy();
		const createdIds = new Set(created.map((room) => room.id));
		for (const roomId of await roomsJoinedBy(env.DB, user.id)) {
			if (!createdIds.has(roomId)) await env.ROOM.getByName(roomId).forgetUser(user.id);
		}
	}
};
