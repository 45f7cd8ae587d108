// Tables for teams (decision 0011): a team is a shared workspace with members in roles,
// invites (by email: single-use; by link: reusable until revoked or expired) and the
// templates its members share. Invite tokens are stored like sessions: id + SHA-256.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { TeamInviteKind, TeamRole } from '../../../../../src/lib/protocol/teams.ts';
import { users } from '../schema.ts';

export const teams = sqliteTable('teams', {
	/** Random, lower-case base32 (like user ids); also the team workspace's id. */
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
});

export const teamMembers = sqliteTable(
	'team_members',
	{
		teamId: text('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role').$type<TeamRole>().notNull(),
		joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [primaryKey({ columns: [table.teamId, table.userId] }), index('team_members_user_idx').on(table.userId)]
);

export const teamInvites = sqliteTable(
	'team_invites',
	{
		id: text('id').primaryKey(),
		teamId: text('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		kind: text('kind').$type<TeamInviteKind>().notNull(),
		/** Hex SHA-256 of the token's secret half. */
		secretHash: text('secret_hash').notNull(),
		/** Email invites only: the (normalized) address it was sent to; only that account may accept. */
		email: text('email'),
		/** The role accepting grants. */
		role: text('role').$type<TeamRole>().notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** Null: a link that works until revoked. Email invites always expire. */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
		/** How many people joined through it (links are reusable). */
		uses: integer('uses').notNull().default(0)
	},
	(table) => [index('team_invites_team_idx').on(table.teamId)]
);

export const teamTemplates = sqliteTable(
	'team_templates',
	{
		id: text('id').primaryKey(),
		teamId: text('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		systemPrompt: text('system_prompt').notNull(),
		starter: text('starter').notNull(),
		updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [index('team_templates_team_idx').on(table.teamId)]
);

export type TeamRow = typeof teams.$inferSelect;
export type TeamMemberRow = typeof teamMembers.$inferSelect;
export type TeamInviteRow = typeof teamInvites.$inferSelect;
export type TeamTemplateRow = typeof teamTemplates.$inferSelect;
