// The Room Durable Object: a thin shell that keeps a RoomState's log and links in SQLite,
// adapts hibernatable WebSockets to it (who is on a socket travels in its attachment),
// carries out the effects it returns, and runs the model call for the room's prompts.
import { DurableObject } from 'cloudflare:workers';
import { logEntrySchema, ROOM_CLOSE, type LogEntry, type RoomLink, type RoomMessage, type RoomRole, type ServerFrame } from '../../../../src/lib/protocol/room.ts';
import { hashSecret } from '../auth/tokens.ts';
import type { EdgeEnv } from '../env.ts';
import { notifyUser } from '../push/notify.ts';
import { membershipRoomRole } from '../teams/roomMembership.ts';
import { admit, guestLinksOf, higherRole, IDENTITY_HEADER, newLinkToken, roomIdentitySchema, type StoredLink } from './roomAccess.ts';
import { DIRECTORY_SCHEMA, ensureListed } from './roomDirectory.ts';
import { recordParticipant } from './roomParticipants.ts';
import { generateReply } from './roomReply.ts';
import { RoomLog, USER_KEY_PREFIX, type RoomMeta } from './roomLog.ts';
import { RoomState, type ConnectionInfo, type RoomEffect } from './roomState.ts';

const SCHEMA = [
	'CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL)',
	'CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL)',
	`CREATE TABLE IF NOT EXISTS links (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
		guests INTEGER NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER)`,
	DIRECTORY_SCHEMA
];

/** Tags the sockets admitted through team membership, to check them when it changes. */
const TEAM_TAG = 'team';
/** Tags a signed-in user's socket with the session it joined with, to close it when that ends. */
const SESSION_TAG_PREFIX = 'session:';
/** Who a deleted account's entries are shown as, in the rooms of others. */
const FORMER_NAME = 'Deleted account';

interface LinkRow extends Record<string, SqlStorageValue> {
	id: string;
	role: string;
	guests: number;
	created_at: number;
	revoked_at: number | null;
}

export class Room extends DurableObject<EdgeEnv> {
	#state: RoomState | undefined;
	/** The sockets by connection id, rebuilt from the attachments when the room wakes. */
	readonly #sockets = new Map<string, WebSocket>();

	constructor(ctx: DurableObjectState, env: EdgeEnv) {
		super(ctx, env);
		const sql = ctx.storage.sql;
		for (const statement of SCHEMA) sql.exec(statement);
		const meta = sql.exec<{ value: string }>('SELECT value FROM meta').toArray()[0];
		if (!meta) return;
		const entries = sql.exec<{ entry: string }>('SELECT entry FROM log ORDER BY seq').toArray();
		this.#state = new RoomState(new RoomLog(JSON.parse(meta.value) as RoomMeta, entries.map((row) => logEntrySchema.parse(JSON.parse(row.entry)))));
		for (const ws of ctx.getWebSockets()) {
			const info = ws.deserializeAttachment() as ConnectionInfo | null;
			if (!info) continue;
			this.#sockets.set(info.connId, ws);
			this.#run(this.#state.connect(info));
		}
		// No reply can be generating in a fresh instance: one that was is over for good.
		const streaming = this.#state.log.streamingId;
		if (streaming) this.#run(this.#state.endReply(streaming, 'interrupted', Date.now(), 'The room restarted while answering.'));
	}

	/** Starts the room from a conversation; false when it already exists. */
	create(meta: RoomMeta, ownerName: string, messages: RoomMessage[]): boolean {
		if (this.#state) return false;
		this.ctx.storage.sql.exec('INSERT INTO meta (id, value) VALUES (1, ?)', JSON.stringify(meta));
		this.#state = new RoomState(new RoomLog(meta));
		const owner = { key: meta.ownerKey, name: ownerName };
		for (const message of messages) {
			const entry = this.#state.log.append(owner, { kind: 'message', message }, meta.createdAt);
			this.#persist(entry.seq, JSON.stringify(entry));
		}
		return true;
	}

	/**
	 * The role a signed-in user holds here: owner, or what their link or team membership
	 * grants (a role given in the room replacing it); null when none (or no such room).
	 */
	async roleOf(userId: string, linkToken: string | null): Promise<RoomRole | null> {
		const state = this.#state;
		if (!state) return null;
		const key = `${USER_KEY_PREFIX}${userId}`;
		if (key === state.log.meta.ownerKey) return 'admin';
		if (state.log.isRemoved(key)) return null;
		const link = linkToken === null ? undefined : this.#findLink(hashSecret(linkToken));
		const granted = higherRole(link && !link.revoked ? link.role : null, await membershipRoomRole(this.env.DB, state.log.meta.id, userId));
		return granted === null ? null : (state.log.roleOverride(key) ?? granted);
	}

	/** The creator's user id; null when there is no such room. */
	ownerId(): string | null {
		return this.#state ? this.#state.log.meta.ownerKey.slice(USER_KEY_PREFIX.length) : null;
	}

	/**
	 * Team membership changed (decision 0019): checks the sockets admitted through it, one
	 * user's or (null) everyone's, against the team as it is now. A lowered role applies at
	 * once; someone no longer in the team (and holding no valid link) is disconnected.
	 */
	async membershipChanged(userId: string | null): Promise<void> {
		const sockets = this.ctx.getWebSockets(TEAM_TAG).filter((ws) => {
			const info = ws.deserializeAttachment() as ConnectionInfo | null;
			return info !== null && (userId === null || info.key === `${USER_KEY_PREFIX}${userId}`);
		});
		await this.#regrant(sockets, 'You are no longer in the team this room belongs to.');
	}

	/** Grants each membership socket what its link and the team give it now; none closes it with `reason`. */
	async #regrant(sockets: WebSocket[], reason: string): Promise<void> {
		const state = this.#state;
		if (!state) return;
		const granted = new Map<string, RoomRole | null>();
		for (const ws of sockets) {
			const info = ws.deserializeAttachment() as ConnectionInfo | null;
			if (!info) continue;
			const memberId = info.key.slice(USER_KEY_PREFIX.length);
			if (!granted.has(memberId)) granted.set(memberId, await membershipRoomRole(this.env.DB, state.log.meta.id, memberId));
			const link = info.linkId === null ? undefined : this.#linkById(info.linkId);
			const role = higherRole(link && !link.revoked ? link.role : null, granted.get(memberId) ?? null);
			this.#run(state.regrant(info.connId, role, reason));
		}
	}

	/** Deletes the room for good: everyone in it is told and disconnected, and its storage emptied. */
	async destroy(): Promise<void> {
		for (const ws of this.ctx.getWebSockets()) this.#closeSocket(ws, ROOM_CLOSE.notFound, 'This room was deleted.');
		this.#sockets.clear();
		this.#state = undefined;
		await this.ctx.storage.deleteAll();
	}

	/** Closes the sockets opened with these Atrium sessions, which just ended (decision 0051). */
	endSessions(sessionIds: readonly string[], reason: string): void {
		for (const id of sessionIds) {
			for (const ws of this.ctx.getWebSockets(`${SESSION_TAG_PREFIX}${id}`)) this.#end(ws, ROOM_CLOSE.signedOut, reason);
		}
	}

	/** What this room holds about a user, for "export my data": every entry they caused or that names them, and the role they were given; null when no such room. */
	activityOf(userId: string): { id: string; title: string; role: RoomRole | null; entries: LogEntry[] } | null {
		const state = this.#state;
		if (!state) return null;
		const key = `${USER_KEY_PREFIX}${userId}`;
		const { id, title } = state.log.meta;
		return { id, title, role: state.log.roleOverride(key) ?? null, entries: state.log.since(0).filter((entry) => mentions(entry, key)) };
	}

	/**
	 * A deleted account leaves the rooms of others (decision 0051): every entry that names
	 * the user names a former participant instead, with no link to who they were; what they
	 * wrote stays, as the room's shared history. Their sockets are closed.
	 */
	forgetUser(userId: string): void {
		const state = this.#state;
		if (!state) return;
		const key = `${USER_KEY_PREFIX}${userId}`;
		for (const ws of this.ctx.getWebSockets()) {
			const info = ws.deserializeAttachment() as ConnectionInfo | null;
			if (info?.key === key) this.#end(ws, ROOM_CLOSE.signedOut, 'This account was deleted.');
		}
		const entries = state.log.since(0);
		if (!entries.some((entry) => mentions(entry, key))) return;
		const former = { key: `former:${crypto.randomUUID()}`, name: FORMER_NAME };
		const rewritten = entries.map((entry) => (mentions(entry, key) ? logEntrySchema.parse(replaceKey(entry, key, former)) : entry));
		this.ctx.storage.transactionSync(() => {
			for (const entry of rewritten) this.ctx.storage.sql.exec('UPDATE log SET entry = ? WHERE seq = ?', JSON.stringify(entry), entry.seq);
		});
		const next = new RoomState(new RoomLog(state.log.meta, rewritten));
		this.#state = next;
		for (const ws of this.ctx.getWebSockets()) {
			const info = ws.deserializeAttachment() as ConnectionInfo | null;
			if (info && this.#sockets.has(info.connId)) this.#run(next.connect(info));
		}
	}

	/** Closes one socket now and takes it out of the room. */
	#end(ws: WebSocket, code: number, reason: string): void {
		const info = ws.deserializeAttachment() as ConnectionInfo | null;
		this.#closeSocket(ws, code, reason);
		if (info && this.#sockets.delete(info.connId) && this.#state) this.#run(this.#state.disconnect(info.connId));
	}

	async createLink(role: RoomRole, guests: boolean): Promise<{ link: RoomLink; token: string }> {
		const token = newLinkToken();
		const link: RoomLink = { id: crypto.randomUUID(), role, guests, createdAt: Date.now(), revokedAt: null };
		this.ctx.storage.sql.exec(
			'INSERT INTO links (id, hash, role, guests, created_at) VALUES (?, ?, ?, ?, ?)',
			link.id, hashSecret(token), role, guests ? 1 : 0, link.createdAt
		);
		return { link, token };
	}

	listLinks(): RoomLink[] {
		return this.ctx.storage.sql.exec<LinkRow>('SELECT id, role, guests, created_at, revoked_at FROM links ORDER BY created_at').toArray().map(toLink);
	}

	/** Revokes a link and closes every socket that joined through it; false when unknown. */
	async revokeLink(linkId: string): Promise<boolean> {
		const changed = this.ctx.storage.sql.exec('UPDATE links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', Date.now(), linkId).rowsWritten;
		const reason = 'The link you joined with was revoked.';
		const members: WebSocket[] = [];
		for (const ws of this.ctx.getWebSockets(`link:${linkId}`)) {
			// Someone also in the room's team keeps what membership grants.
			if (this.ctx.getTags(ws).includes(TEAM_TAG)) members.push(ws);
			else this.#closeSocket(ws, ROOM_CLOSE.forbidden, reason);
		}
		await this.#regrant(members, reason);
		return changed > 0 || this.listLinks().some((link) => link.id === linkId);
	}

	override async fetch(request: Request): Promise<Response> {
		const pair = new WebSocketPair();
		const [client, server] = [pair[0], pair[1]];
		const reject = (code: number, reason: string, errorCode: 'forbidden' | 'not_found') => {
			// A browser cannot read a refused upgrade's body, but it can read a close reason.
			server.accept();
			server.send(JSON.stringify({ type: 'error', code: errorCode, message: reason } satisfies ServerFrame));
			server.close(code, reason);
			return new Response(null, { status: 101, webSocket: client });
		};
		const state = this.#state;
		if (!state) return reject(ROOM_CLOSE.notFound, 'This room does not exist (or was deleted).', 'not_found');
		const identity = roomIdentitySchema.parse(JSON.parse(request.headers.get(IDENTITY_HEADER) ?? 'null'));
		const link = identity.linkToken === null ? undefined : this.#findLink(hashSecret(identity.linkToken));
		// Membership is read here, from D1, never taken from the client (decision 0019).
		const member = identity.user && `${USER_KEY_PREFIX}${identity.user.id}` !== state.log.meta.ownerKey;
		const teamRole = member ? await membershipRoomRole(this.env.DB, state.log.meta.id, identity.user!.id) : null;
		const admission = await admit(state.log.meta.id, identity, state.log.meta.ownerKey, link, (key) => state.log.roleOverride(key), teamRole);
		if (!admission.ok) return reject(ROOM_CLOSE.forbidden, admission.reason, 'forbidden');
		// A room older than the directory gets its row when its creator comes (decision 0033).
		if (admission.key === state.log.meta.ownerKey) await ensureListed(this.ctx.storage.sql, this.env.DB, state.log.meta, () => this.#state !== state);
		// Deleted while this join waited on D1: nothing left to join.
		if (this.#state !== state) return reject(ROOM_CLOSE.notFound, 'This room does not exist (or was deleted).', 'not_found');
		const info: ConnectionInfo = {
			connId: crypto.randomUUID(),
			key: admission.key,
			name: admission.name,
			guest: admission.guest,
			linkRole: admission.role,
			linkId: admission.linkId,
			status: 'here',
			welcomed: false
		};
		const sessionId = identity.user && !admission.guest ? identity.user.sessionId : undefined;
		// Recorded before the socket is accepted, so ending the session always finds this room (decision 0051).
		if (identity.user && !admission.guest) await recordParticipant(this.env.DB, identity.user.id, state.log.meta.id);
		if (this.#state !== state) return reject(ROOM_CLOSE.notFound, 'This room does not exist (or was deleted).', 'not_found');
		const tags = [
			info.connId,
			...(info.linkId ? [`link:${info.linkId}`] : []),
			...(admission.viaTeam ? [TEAM_TAG] : []),
			...(sessionId ? [`${SESSION_TAG_PREFIX}${sessionId}`] : [])
		];
		this.ctx.acceptWebSocket(server, tags);
		server.serializeAttachment(info);
		this.#sockets.set(info.connId, server);
		this.#run(state.connect(info));
		return new Response(null, { status: 101, webSocket: client });
	}

	override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
		const info = ws.deserializeAttachment() as ConnectionInfo | null;
		if (info && this.#state) this.#run(this.#state.receive(info.connId, message, Date.now()));
	}

	override webSocketClose(ws: WebSocket, code: number, reason: string): void {
		this.#forget(ws);
		// 1005 ("no code") cannot be sent back; answer a normal close instead.
		this.#closeSocket(ws, code === 1005 ? 1000 : code, reason);
	}

	override webSocketError(ws: WebSocket): void {
		this.#forget(ws);
	}

	#forget(ws: WebSocket): void {
		const info = ws.deserializeAttachment() as ConnectionInfo | null;
		if (!info) return;
		this.#sockets.delete(info.connId);
		if (this.#state) this.#run(this.#state.disconnect(info.connId));
	}

	#findLink(hash: string): StoredLink | undefined {
		const row = this.ctx.storage.sql.exec<LinkRow>('SELECT id, role, guests, created_at, revoked_at FROM links WHERE hash = ?', hash).toArray()[0];
		return row && toStoredLink(row);
	}

	#linkById(id: string): StoredLink | undefined {
		const row = this.ctx.storage.sql.exec<LinkRow>('SELECT id, role, guests, created_at, revoked_at FROM links WHERE id = ?', id).toArray()[0];
		return row && toStoredLink(row);
	}

	#persist(seq: number, entry: string): void {
		this.ctx.storage.sql.exec('INSERT OR IGNORE INTO log (seq, entry) VALUES (?, ?)', seq, entry);
	}

	#run(effects: RoomEffect[]): void {
		const state = this.#state;
		if (!state || effects.length === 0) return;
		const socket = (connId: string) => this.#sockets.get(connId);
		const revoke = new Set<string>();
		for (const effect of effects) {
			switch (effect.type) {
				case 'persist':
					this.#persist(effect.entry.seq, JSON.stringify(effect.entry));
					// A removed guest's way back in is their link: it is revoked after they are closed (decision 0015).
					if (effect.entry.op.kind === 'kick') {
						const infos = [...this.#sockets.keys()].flatMap((id) => state.connection(id) ?? []);
						for (const linkId of guestLinksOf(effect.entry.op.key, infos)) revoke.add(linkId);
					}
					break;
				case 'send':
					trySend(socket(effect.to), JSON.stringify(effect.frame));
					break;
				case 'broadcast': {
					const text = JSON.stringify(effect.frame);
					for (const id of effect.to) trySend(socket(id), text);
					break;
				}
				case 'attach':
					socket(effect.to)?.serializeAttachment(state.connection(effect.to));
					break;
				case 'close': {
					const ws = socket(effect.to);
					if (ws) {
						this.#sockets.delete(effect.to);
						this.#closeSocket(ws, effect.code, effect.reason);
						this.#run(state.disconnect(effect.to));
					}
					break;
				}
				case 'notify': {
					const { id, title } = state.log.meta;
					// Best effort: notifyUser never throws for a delivery problem.
					const payload = { title: `New reply in “${title}”`.slice(0, 120), body: effect.body, url: `/r/${id}`, tag: `room:${id}` };
					this.ctx.waitUntil(Promise.all(effect.userIds.map((userId) => notifyUser(this.env, userId, 'room_message', payload))));
					break;
				}
				case 'generate':
					// Keeps the object at work after every socket has closed (with the flag
					// durable_object_io_tasks_prevent_eviction, wrangler.toml); the reply is logged
					// entry by entry, so anyone who comes back resumes it from their last seq.
					this.ctx.waitUntil(
						generateReply(this.env, { ...effect, ownerId: state.log.meta.ownerKey.slice('user:'.length) }, {
							delta: (text) => this.#run(state.appendDelta(effect.messageId, text, Date.now())),
							end: (status, error) => this.#run(state.endReply(effect.messageId, status, Date.now(), error))
						})
					);
					break;
			}
		}
		for (const linkId of revoke) this.ctx.waitUntil(this.revokeLink(linkId));
	}

	#closeSocket(ws: WebSocket, code: number, reason: string): void {
		try {
			// Close reasons are limited to 123 bytes.
			ws.close(code, reason.slice(0, 120));
		} catch {
			// Already closing: nothing to do.
		}
	}
}

function trySend(ws: WebSocket | undefined, text: string): void {
	try {
		ws?.send(text);
	} catch {
		// The socket is closing; its close handler takes it out of the room.
	}
}

function toStoredLink(row: LinkRow): StoredLink {
	return { id: row.id, role: row.role as RoomRole, guests: row.guests === 1, revoked: row.revoked_at !== null };
}

function toLink(row: LinkRow): RoomLink {
	return { id: row.id, role: row.role as RoomRole, guests: row.guests === 1, createdAt: row.created_at, revokedAt: row.revoked_at };
}

/** Whether an entry names the participant `key`: as its author, or as whom it is about. */
function mentions(entry: LogEntry, key: string): boolean {
	return JSON.stringify(entry).includes(JSON.stringify(key));
}

/** The entry with the participant `key` replaced by `former`: as an author (key and name), and wherever an op names it. */
function replaceKey(value: unknown, key: string, former: { key: string; name: string }): unknown {
	if (Array.isArray(value)) return value.map((item) => replaceKey(item, key, former));
	if (value === null || typeof value !== 'object') return value;
	const record = value as Record<string, unknown>;
	if (record.key === key) return typeof record.name === 'string' ? { ...record, ...former } : { ...record, key: former.key };
	return Object.fromEntries(Object.entries(record).map(([name, item]) => [name, replaceKey(item, key, former)]));
}
