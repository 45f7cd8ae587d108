// Who may join a room, decided from what the Worker vouches for (a signed-in user) and
// what the client brings (a link token, a guest name and secret). Link tokens are random
// and only their SHA-256 is stored; a guest's key is derived from a secret only that
// guest's browser holds, so a key seen in the participant list cannot be impersonated.
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import { z } from 'zod';
import { MAX_NAME_CHARS, roleAllows, type RoomRole } from '../../../../src/lib/protocol/room.ts';
import { hashSecret } from '../auth/tokens.ts';

/** Set by the Worker on the request it forwards to the room; clients cannot supply it. */
export const IDENTITY_HEADER = 'X-Atrium-Room-Identity';

export const roomIdentitySchema = z.object({
	/** A signed-in user, and the session they joined with (its sockets close when it ends). */
	user: z.object({ id: z.string(), name: z.string(), sessionId: z.string().max(200).optional() }).nullable(),
	linkToken: z.string().max(200).nullable(),
	guestName: z.string().trim().min(1).max(MAX_NAME_CHARS).nullable(),
	guestSecret: z.string().min(16).max(200).nullable()
});
export type RoomIdentity = z.infer<typeof roomIdentitySchema>;

export interface StoredLink {
	id: string;
	role: RoomRole;
	guests: boolean;
	revoked: boolean;
}

export type Admission =
	| { ok: true; key: string; name: string; guest: boolean; role: RoomRole; linkId: string | null; viaTeam: boolean }
	| { ok: false; reason: string };

/**
 * @param link the stored link the token hashes to (undefined when none)
 * @param override the role an admin gave this user in the room, if any
 * @param teamRole what the signed-in user's team membership grants here (decision 0019),
 *   read by the room from D1; null for a personal room or a non-member
 */
export async function admit(
	roomId: string,
	identity: RoomIdentity,
	ownerKey: string,
	link: StoredLink | undefined,
	override: (key: string) => RoomRole | undefined,
	teamRole: RoomRole | null = null
): Promise<Admission> {
	const userKey = identity.user ? `user:${identity.user.id}` : null;
	if (userKey === ownerKey) return { ok: true, key: userKey, name: identity.user!.name, guest: false, role: 'admin', linkId: null, viaTeam: false };
	const validLink = link && !link.revoked ? link : undefined;
	// A member needs no link: a stale one remembered by their browser does not lock them out.
	if (identity.linkToken !== null && !validLink && teamRole === null) {
		return { ok: false, reason: 'This room link is not valid: it may have been revoked. Ask for a new one.' };
	}
	if (identity.user && userKey) {
		const granted = higherRole(validLink?.role ?? null, teamRole);
		// A role given in the room replaces the grant, but does not let anyone in on its own:
		// a member removed from the team is out even if an admin once changed their role.
		const role = granted === null ? null : (override(userKey) ?? granted);
		if (!role) return { ok: false, reason: 'Open this room with a link from one of its admins, or join the team it belongs to.' };
		return { ok: true, key: userKey, name: identity.user.name, guest: false, role, linkId: validLink?.id ?? null, viaTeam: teamRole !== null };
	}
	if (!validLink) return { ok: false, reason: 'Open this room with a link from one of its admins.' };
	if (!validLink.guests) return { ok: false, reason: 'This link is for signed-in people: sign in, then open it again.' };
	if (!identity.guestName || !identity.guestSecret) return { ok: false, reason: 'Enter a name to join as a guest.' };
	const key = `guest:${hashSecret(`${roomId} ${identity.guestSecret}`).slice(0, 24)}`;
	return { ok: true, key, name: identity.guestName, guest: true, role: override(key) ?? validLink.role, linkId: validLink.id, viaTeam: false };
}

/**
 * The links a removed participant joined by as a guest, revoked when they are removed
 * (decision 0015). A guest is only a browser secret: with a fresh one, the same link lets
 * the same person straight back in as a new guest, so the link is what has to go (and with
 * it everyone else who joined by it). A signed-in participant's removal holds by account.
 */
export function guestLinksOf(key: string, connections: Iterable<{ key: string; guest: boolean; linkId: string | null }>): string[] {
	const links = new Set<string>();
	for (const conn of connections) if (conn.key === key && conn.guest && conn.linkId !== null) links.add(conn.linkId);
	return [...links];
}

/** The stronger of two grants (a link's and a membership's); null when neither. */
export function higherRole(a: RoomRole | null, b: RoomRole | null): RoomRole | null {
	if (a === null) return b;
	if (b === null) return a;
	return roleAllows(a, b) ? a : b;
}

/** A new link token: 32 random bytes, base64url. */
export function newLinkToken(): string {
	return encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));
}
