// The edge's SQL schema (drizzle sqlite-core): one definition for D1 and libsql.
// Migrations in ../../migrations are generated from it by drizzle-kit; never edit them by hand.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { FinishReason } from '../../../../src/lib/protocol/chat.ts';
import type { Tier } from '../../../../src/lib/protocol/tiers.ts';

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
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/**
		 * The signed-in caller; null for anonymous calls. No foreign key: SQLite cannot add
		 * one with ON DELETE to an existing table, and deleting an account nulls these
		 * (quota/usageQueries.ts forgetUserUsage) so totals stay whole.
		 */
		userId: text('user_id')
	},
	(table) => [index('usage_day_model_idx').on(table.day, table.model), index('usage_user_day_idx').on(table.userId, table.day)]
);

export type UsageRow = typeof usage.$inferInsert;

/** An account. Emails are stored normalized (trimmed, lower-case), so unique means unique. */
export const users = sqliteTable('users', {
	/** Random, lower-case base32; never derived from the email. */
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	/** PHC string, e.g. `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (auth/password.ts). */
	passwordHash: text('password_hash').notNull(),
	emailVerifiedAt: integer('email_verified_at', { mode: 'timestamp_ms' }),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	/** Hex TOTP key (RFC 6238, 30 s, 6 digits) while two-factor sign-in is on. */
	totpKey: text('totp_key'),
	/** The last TOTP time step accepted, so a code cannot be used twice. */
	totpLastStep: integer('totp_last_step'),
	/** A key being set up: it becomes totpKey once a code from it is entered. */
	totpPendingKey: text('totp_pending_key'),
	/** What the account may use and how much (src/lib/protocol/tiers.ts; decision 0010). */
	tier: text('tier').$type<Tier>().notNull().default('free'),
	/** Set by an admin: the account cannot sign in and its sessions stop working. */
	disabledAt: integer('disabled_at', { mode: 'timestamp_ms' })
});

/**
 * A signed-in device, per the Lucia design: the cookie holds `<id>.<secret>`; only the
 * SHA-256 of the secret is stored, so a leaked table signs nobody in.
 */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Hex SHA-256 of the token's secret half. */
		secretHash: text('secret_hash').notNull(),
		/** As the browser sent it when the session began (truncated), to tell devices apart. */
		userAgent: text('user_agent'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
		/** Slides forward while the session is used (auth/sessions.ts). */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** A code was entered on this session; while two-factor is on, it is signed in only if so. */
		twoFactorVerified: integer('two_factor_verified', { mode: 'boolean' }).notNull().default(false)
	},
	(table) => [index('sessions_user_idx').on(table.userId)]
);

/** Single-use links sent by email (verification, password reset, sign-in): stored like sessions. */
export const emailTokens = sqliteTable(
	'email_tokens',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: text('purpose').$type<EmailTokenPurpose>().notNull(),
		secretHash: text('secret_hash').notNull(),
		/** The address the link went to: a link for an address the account no longer has is void. */
		email: text('email').notNull(),
		/** Sign-up links only: the password chosen in the sign-up that sent this link. */
		passwordHash: text('password_hash'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [index('email_tokens_user_idx').on(table.userId, table.purpose)]
);

export type EmailTokenPurpose = 'verify_email' | 'reset_password' | 'magic_link' | 'change_email';

/** Single-use codes that stand in for a TOTP code when the authenticator is lost. */
export const recoveryCodes = sqliteTable(
	'recovery_codes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Hex SHA-256 of the normalized code (lower case, no separators). */
		codeHash: text('code_hash').notNull()
	},
	(table) => [index('recovery_codes_user_idx').on(table.userId)]
);

/** Development only (EMAIL_OUTBOX=1): every email the edge sends, readable at /api/dev/outbox. */
export const devOutbox = sqliteTable('dev_outbox', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	recipient: text('recipient').notNull(),
	subject: text('subject').notNull(),
	text: text('text').notNull(),
	html: text('html').notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
});

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export * from './schema/quota.ts';
export * from './schema/accounts.ts';
export * from './schema/teams.ts';
export * from './schema/push.ts';
export * from './schema/rooms.ts';
