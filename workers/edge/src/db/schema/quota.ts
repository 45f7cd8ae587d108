// Tables for tiers, quotas and usage (decision 0010): how many bytes the edge stores for
// each user, reported per source by whichever part of the edge stores them.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../schema.ts';

/**
 * The bytes one source (e.g. `sync`, `rooms`) holds for a user, as last reported on a UTC
 * day. A day without a row carries the previous day's figure forward.
 */
export const storageUsage = sqliteTable(
	'storage_usage',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** What stores the bytes: one short lower-case name per feature. */
		source: text('source').notNull(),
		/** UTC calendar day, `YYYY-MM-DD`. */
		day: text('day').notNull(),
		bytes: integer('bytes').notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [primaryKey({ columns: [table.userId, table.source, table.day] }), index('storage_usage_user_day_idx').on(table.userId, table.day)]
);

export type StorageUsageRow = typeof storageUsage.$inferSelect;

/**
 * Calls a signed-in user made to the edge's API on a UTC day, chat requests apart (those are
 * the usage log's messages). One row per (user, day), incremented by middleware/apiCalls.ts.
 */
export const apiCalls = sqliteTable(
	'api_calls',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** UTC calendar day, `YYYY-MM-DD`. */
		day: text('day').notNull(),
		calls: integer('calls').notNull()
	},
	(table) => [primaryKey({ columns: [table.userId, table.day] })]
);
