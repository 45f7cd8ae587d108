// The edge's SQL schema (drizzle sqlite-core): one definition for D1 and libsql.
// Migrations in ../../migrations are generated from it by drizzle-kit; never edit them by hand.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { FinishReason } from '../../../../src/lib/protocol/chat.ts';

/** One row per proxied chat call, written once its stream has ended. */
export const usage = sqliteTable(
	'usage',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** UTC calendar day, `YYYY-MM-DD`: the unit quotas and reports group by. */
		day: text('day').notNull(),
		/** The edge's model id, e.g. `openai/gpt-4o-mini`. */
		model: text('model').notNull(),
		/** Token counts as the upstream reported them; 0 when it reported none. */
		inputTokens: integer('input_tokens').notNull().default(0),
		outputTokens: integer('output_tokens').notNull().default(0),
		/** How the call ended: the stream's finish reason (`error` also covers failures before streaming). */
		status: text('status').$type<FinishReason>().notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [index('usage_day_model_idx').on(table.day, table.model)]
);

export type UsageRow = typeof usage.$inferInsert;
