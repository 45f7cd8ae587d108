// Web Push subscriptions (decision 0012): one row per device that said yes, with the kinds
// of notification that device wants. The endpoint is the push service's address for the
// device, unique across users; a push service that answers 404/410 gets the row removed.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { PushKind } from '../../../../../src/lib/protocol/push.ts';
import { users } from '../schema.ts';

export const pushSubscriptions = sqliteTable(
	'push_subscriptions',
	{
		endpoint: text('endpoint').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** The browser's P-256 public key and auth secret (base64url), for RFC 8291 encryption. */
		p256dh: text('p256dh').notNull(),
		auth: text('auth').notNull(),
		/** JSON array of PushKind. */
		kinds: text('kinds', { mode: 'json' }).$type<PushKind[]>().notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [index('push_subscriptions_user_idx').on(table.userId)]
);

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
