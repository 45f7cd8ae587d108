// Team invites. A token is `<id>.<secret>` like every emailed link (auth/tokens.ts): the id
// finds the row, only the secret's SHA-256 is stored and compared in constant time. An
// email invite works once, for the address it was sent to, for 7 days; a link works for
// anyone signed in, as often as it is used, until it is revoked or expires.
import { and, desc, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { EMAIL_INVITE_TTL_DAYS, type TeamInvite, type TeamRole } from '../../../../src/lib/protocol/teams.ts';
import { newBearerToken, parseBearerToken, secretMatches } from '../auth/tokens.ts';
import { teamInvites, type TeamInviteRow } from '../db/schema.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export function toTeamInvite(row: TeamInviteRow): TeamInvite {
	return {
		id: row.id,
		kind: row.kind,
		email: row.email,
		role: row.role,
		createdAt: row.createdAt.toISOString(),
		expiresAt: row.expiresAt?.toISOString() ?? null,
		uses: row.uses
	};
}

export type NewInvite = { kind: 'email'; email: string; role: TeamRole } | { kind: 'link'; role: TeamRole; expiresInDays: number | null };

/**
 * Stores an invite and returns it with its token (which is not kept). A new email invite
 * replaces an earlier one to the same address, so only the latest email works.
 */
export async function createInvite(db: D1Database, teamId: string, createdBy: string, input: NewInvite, now = new Date()): Promise<{ invite: TeamInvite; token: string }> {
	const token = newBearerToken();
	const days = input.kind === 'email' ? EMAIL_INVITE_TTL_DAYS : input.expiresInDays;
	const row: TeamInviteRow = {
		id: token.id,
		teamId,
		kind: input.kind,
		secretHash: token.secretHash,
		email: input.kind === 'email' ? input.email : null,
		role: input.role,
		createdBy,
		createdAt: now,
		expiresAt: days === null ? null : new Date(now.getTime() + days * DAY_MS),
		uses: 0
	};
	const orm = drizzle(db);
	if (input.kind === 'email') {
		await orm.batch([
			orm.delete(teamInvites).where(and(eq(teamInvites.teamId, teamId), eq(teamInvites.kind, 'email'), eq(teamInvites.email, input.email))),
			orm.insert(teamInvites).values(row)
		]);
	} else {
		await orm.insert(teamInvites).values(row);
	}
	return { invite: toTeamInvite(row), token: token.token };
}

/** The team's invites that can still be used, newest first; expired ones are dropped on the way. */
export async function listInvites(db: D1Database, teamId: string, now = new Date()): Promise<TeamInvite[]> {
	const orm = drizzle(db);
	await orm.delete(teamInvites).where(and(eq(teamInvites.teamId, teamId), sql`${teamInvites.expiresAt} <= ${now.getTime()}`));
	const rows = await orm.select().from(teamInvites).where(eq(teamInvites.teamId, teamId)).orderBy(desc(teamInvites.createdAt));
	return rows.map(toTeamInvite);
}

/** Revokes one of the team's invites; false when the team has none with that id. */
export async function revokeInvite(db: D1Database, teamId: string, inviteId: string): Promise<boolean> {
	const deleted = await drizzle(db)
		.delete(teamInvites)
		.where(and(eq(teamInvites.teamId, teamId), eq(teamInvites.id, inviteId)))
		.returning({ id: teamInvites.id });
	return deleted.length > 0;
}

export type InviteLookup = { ok: true; invite: TeamInviteRow } | { ok: false; reason: 'invalid' | 'expired' };

/** The invite `token` opens, if it is genuine and unexpired (an expired one is deleted). */
export async function findInvite(db: D1Database, token: string, now = new Date()): Promise<InviteLookup> {
	const parts = parseBearerToken(token);
	if (!parts) return { ok: false, reason: 'invalid' };
	const orm = drizzle(db);
	const row = await orm.select().from(teamInvites).where(eq(teamInvites.id, parts.id)).get();
	if (!row || !secretMatches(parts.secret, row.secretHash)) return { ok: false, reason: 'invalid' };
	if (row.expiresAt && now.getTime() >= row.expiresAt.getTime()) {
		await orm.delete(teamInvites).where(eq(teamInvites.id, row.id));
		return { ok: false, reason: 'expired' };
	}
	return { ok: true, invite: row };
}

/**
 * Spends one use of a found invite: an email invite is deleted, and only the request whose
 * delete removed the row may act on it (two clicks racing cannot both join); a link's use
 * count goes up, and it fails if the link was revoked meanwhile.
 */
export async function spendInvite(db: D1Database, invite: TeamInviteRow): Promise<boolean> {
	const orm = drizzle(db);
	const spent =
		invite.kind === 'email'
			? await orm.delete(teamInvites).where(eq(teamInvites.id, invite.id)).returning({ id: teamInvites.id })
			: await orm
					.update(teamInvites)
					.set({ uses: sql`${teamInvites.uses} + 1` })
					.where(eq(teamInvites.id, invite.id))
					.returning({ id: teamInvites.id });
	return spent.length > 0;
}

/** `ann@example.com` → `a…@example.com`: enough to recognise one's own address, not to learn someone else's. */
export function maskEmail(email: string): string {
	const at = email.lastIndexOf('@');
	return at <= 0 ? '…' : `${email[0]}…${email.slice(at)}`;
}
