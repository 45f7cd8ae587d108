// Rooms in "export my data" and "delete my account" (account/exportData.ts, decision 0019).
// The export lists the rooms the user created, with the workspace each is in. Deleting the
// account deletes those rooms, team rooms included: each Room Durable Object is emptied
// (everyone in it disconnected) before the user row's cascade removes the directory rows.
import type { AccountDataSection } from '../account/exportData.ts';
import { roomsCreatedBy } from './teamRooms.ts';

export const roomsAccountSection: AccountDataSection = {
	key: 'rooms',
	description: 'Live rooms you created, with the team workspace each belongs to (none: your personal workspace).',
	async collect({ env, user }) {
		const rows = await roomsCreatedBy(env.DB, user.id);
		return rows.map((row) => ({
			id: row.id,
			title: row.title,
			createdAt: row.createdAt.toISOString(),
			team: row.teamId === null ? null : { id: row.teamId, name: row.teamName }
		}));
	},
	async erase({ env, user }) {
		for (const room of await roomsCreatedBy(env.DB, user.id)) await env.ROOM.getByName(room.id).destroy();
	}
};
