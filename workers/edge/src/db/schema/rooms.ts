// The room directory (decision 0019): one row per room the edge created, naming who
// created it and the workspace it belongs to. The room itself (its log, links, notes)
// lives in its Room Durable Object; this row is what membership, listing, account export
// and deletion read. A room with no team is in its creator's personal workspace.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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
