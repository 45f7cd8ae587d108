// The room directory (decision 0019): one row per room the edge created, naming who
// created it and the workspace it belongs to. The room itself (its log, links, notes)
// lives in its Room Durable Object; this row is what membership, listing, account export
// and deletion read. A room with no team is in its creator's personal workspace.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../schema.ts';
import { teams } from './teams.ts';

export const rooms = sqliteTable(
	'rooms',
	{
		/** The Room Durable Object's name: 32 lower-case hex digits. */
		id: text('id').primaryKey(),
		/** The creator: always the room's admin. Deleting the account deletes their rooms first (teams/roomsAccountSection.ts). */
		ownerId: text('owner_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/**
		 * The team workspace the room belongs to; null for the creator's personal workspace.
		 * A deleted team's rooms fall back to their creators' personal workspaces.
		 */
		teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
		/** The title the room was created with, for lists (the room itself keeps its own). */
		title: text('title').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [index('rooms_team_idx').on(table.teamId, table.createdAt), index('rooms_owner_idx').on(table.ownerId)]
);

export type RoomRow = typeof rooms.$inferSelect;

/**
 * The rooms a signed-in user has joined (decision 0051): written by the Room
 * each time they connect. Ending sessions closes the sockets they hold open in these rooms;
 * "export my data" asks each for what the user did there, and deleting the account takes
 * their name off it. No foreign key to rooms: a room older than the directory has no row.
 */
export const roomParticipants = sqliteTable(
	'room_participants',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		roomId: text('room_id').notNull(),
		firstJoinedAt: integer('first_joined_at', { mode: 'timestamp_ms' }).notNull(),
		lastJoinedAt: integer('last_joined_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [primaryKey({ columns: [table.userId, table.roomId] }), index('room_participants_recent_idx').on(table.userId, table.lastJoinedAt)]
);

export type RoomParticipantRow = typeof roomParticipants.$inferSelect;
