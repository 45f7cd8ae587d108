// The registry of what the edge holds about an account (see exportData.ts for the
// contract). Each area adds its section here: one import and one entry.
import { desc, eq, or } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { apiCalls, devOutbox, emailTokens, pushSubscriptions, recoveryCodes, sessions, storageUsage, teamInvites, teams, usage, userProfiles } from '../db/schema.ts';
import { hasPassword } from '../auth/noPassword.ts';
import { listIdentities } from '../auth/oauthAccounts.ts';
import { syncAccountSection } from '../space/accountSection.ts';
import { teamsAccountSection } from '../teams/accountSection.ts';
import { roomsAccountSection } from '../teams/roomsAccountSection.ts';
import type { AccountDataSection } from './exportData.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const accountSection: AccountDataSection = {
	key: 'account',
	description: 'Your account: address, when it was created and verified, tier, and which ways of signing in are on.',
	async collect({ env, user }) {
		const codes = await drizzle(env.DB).select({ id: recoveryCodes.id }).from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
		const profile = await drizzle(env.DB).select().from(userProfiles).where(eq(userProfiles.userId, user.id)).get();
		return {
			id: user.id,
			email: user.email,
			displayName: profile?.displayName ?? null,
			createdAt: iso(user.createdAt),
			emailVerifiedAt: iso(user.emailVerifiedAt),
			tier: user.tier,
			disabledAt: iso(user.disabledAt),
			hasPassword: hasPassword(user),
			twoFactorEnabled: user.totpKey !== null,
			unusedRecoveryCodes: codes.length
		};
	}
};

const sessionsSection: AccountDataSection = {
	key: 'sessions',
	description: 'Signed-in devices: browser, when each began, was last seen and expires (never the session secrets).',
	async collect({ env, user }) {
		const rows = await drizzle(env.DB).select().from(sessions).where(eq(sessions.userId, user.id)).orderBy(desc(sessions.lastSeenAt));
		return rows.map((row) => ({
			id: row.id,
			userAgent: row.userAgent,
			createdAt: iso(row.createdAt),
			lastSeenAt: iso(row.lastSeenAt),
			expiresAt: iso(row.expiresAt),
			twoFactorVerified: row.twoFactorVerified
		}));
	}
};

const oauthSection: AccountDataSection = {
	key: 'connectedAccounts',
	description: 'GitHub and Google accounts linked for signing in.',
	collect: ({ env, user }) => listIdentities(env.DB, user.id)
};

const linksSection: AccountDataSection = {
	key: 'pendingEmailLinks',
	description: 'Emailed links not used yet (verification, reset, sign-in, email change): where they went and when they expire.',
	async collect({ env, user }) {
		const rows = await drizzle(env.DB).select().from(emailTokens).where(eq(emailTokens.userId, user.id));
		return rows.map((row) => ({ purpose: row.purpose, email: row.email, createdAt: iso(row.createdAt), expiresAt: iso(row.expiresAt) }));
	}
};

const usageSection: AccountDataSection = {
	key: 'usage',
	description: 'Requests to server-held models (day, model, tokens, outcome), other API calls per day, and storage use per day.',
	async collect({ env, user }) {
		const orm = drizzle(env.DB);
		const requests = await orm.select().from(usage).where(eq(usage.userId, user.id)).orderBy(usage.id);
		const storage = await orm.select().from(storageUsage).where(eq(storageUsage.userId, user.id));
		const calls = await orm.select().from(apiCalls).where(eq(apiCalls.userId, user.id)).orderBy(apiCalls.day);
		return {
			requests: requests.map((row) => ({ day: row.day, model: row.model, inputTokens: row.inputTokens, outputTokens: row.outputTokens, status: row.status, createdAt: iso(row.createdAt) })),
			apiCalls: calls.map((row) => ({ day: row.day, calls: row.calls })),
			storage: storage.map((row) => ({ source: row.source, day: row.day, bytes: row.bytes, updatedAt: iso(row.updatedAt) }))
		};
	},
	// usage.user_id has no foreign key (anonymous calls have none), so the cascade misses it.
	async erase({ env, user }) {
		await drizzle(env.DB).delete(usage).where(eq(usage.userId, user.id));
	}
};

const pushSection: AccountDataSection = {
	key: 'pushSubscriptions',
	description: 'Devices that receive push notifications: the push service address and which kinds each wants (never the encryption keys).',
	async collect({ env, user }) {
		const rows = await drizzle(env.DB).select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, user.id));
		return rows.map((row) => ({ endpoint: row.endpoint, kinds: row.kinds, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) }));
	}
};

const invitesSection: AccountDataSection = {
	key: 'teamInvites',
	description: 'Team invitations you made (by email or link), and those sent to your address that are still open.',
	async collect({ env, user }) {
		const rows = await drizzle(env.DB)
			.select({ invite: teamInvites, teamName: teams.name })
			.from(teamInvites)
			.innerJoin(teams, eq(teams.id, teamInvites.teamId))
			.where(or(eq(teamInvites.createdBy, user.id), eq(teamInvites.email, user.email)));
		return rows.map(({ invite, teamName }) => ({
			team: { id: invite.teamId, name: teamName },
			kind: invite.kind,
			email: invite.email,
			role: invite.role,
			madeByYou: invite.createdBy === user.id,
			createdAt: iso(invite.createdAt),
			expiresAt: iso(invite.expiresAt),
			uses: invite.uses
		}));
	},
	// An invite to the address names the user without a foreign key; the ones they made stay with the team (created_by is set null).
	async erase({ env, user }) {
		await drizzle(env.DB).delete(teamInvites).where(eq(teamInvites.email, user.email));
	}
};

const outboxSection: AccountDataSection = {
	key: 'emails',
	description: 'Emails to your address kept in the development outbox (empty where a real email service sends them).',
	async collect({ env, user }) {
		const rows = await drizzle(env.DB).select().from(devOutbox).where(eq(devOutbox.recipient, user.email)).orderBy(devOutbox.id);
		return rows.map((row) => ({ subject: row.subject, text: row.text, createdAt: iso(row.createdAt) }));
	},
	async erase({ env, user }) {
		await drizzle(env.DB).delete(devOutbox).where(eq(devOutbox.recipient, user.email));
	}
};

export const ACCOUNT_DATA_SECTIONS: readonly AccountDataSection[] = [
	accountSection,
	sessionsSection,
	oauthSection,
	linksSection,
	usageSection,
	pushSection,
	teamsAccountSection,
	invitesSection,
	roomsAccountSection,
	syncAccountSection,
	outboxSection
];
