// Account tables beyond the core ones in ../schema.ts (decision 0009): sign-in through an
// OAuth provider (GitHub, Google) linked to an account, and the account's profile.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../schema.ts';

/** One provider identity linked to one account; an identity links to at most one account. */
export const oauthAccounts = sqliteTable(
	'oauth_accounts',
	{
		/** `github` or `google` (src/lib/protocol/oauth.ts). */
		provider: text('provider').notNull(),
		/** The provider's stable user id (GitHub's numeric id, Google's `sub`), never the email. */
		providerUserId: text('provider_user_id').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** How the provider names the identity (login or email), to show in the account page. */
		label: text('label').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [primaryKey({ columns: [table.provider, table.providerUserId] }), index('oauth_accounts_user_idx').on(table.userId)]
);

export type OAuthAccountRow = typeof oauthAccounts.$inferSelect;

/** What the user tells about themself; one row per account, created on first save. */
export const userProfiles = sqliteTable('user_profiles', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	displayName: text('display_name').notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});

export type UserProfileRow = typeof userProfiles.$inferSelect;
