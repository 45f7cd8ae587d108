// A live room without the network: it takes frames from connections and returns effects
// (send, broadcast, close, persist, generate) for the Durable Object to carry out.
// Permissions, idempotency, resume, frame limits and presence are all decided here.
import {
	clientFrameSchema,
	MAX_ROOM_FRAME_BYTES,
	MAX_ROOM_MESSAGE_CHARS,
	ROOM_CLOSE,
	ROOM_PROTOCOL_VERSION,
	roleAllows,
	type ClientOp,
	type LogEntry,
	type Participant,
	type PresenceStatus,
	type RoomAuthor,
	type RoomErrorCode,
	type RoomRole,
	type ServerFrame
} from '../../../../src/lib/protocol/room.ts';
import type { ChatMessage } from '../../../../src/lib/protocol/chat.ts';
import { RoomLog, USER_KEY_PREFIX } from './roomLog.ts';
import { InvalidUpdateError, type TextDiff } from './roomNotes.ts';

/** Who is on a socket; stored with the socket so it survives hibernation. */
export interface ConnectionInfo {
	connId: string;
	key: string;
	name: string;
	guest: boolean;
	/** The role the socket's link, team membership (decision 0019) or ownership grants. */
	linkRole: RoomRole;
	linkId: string | null;
	status: PresenceStatus;
	/** Set once the client's hello was answered; only then does it get broadcasts. */
	welcomed: boolean;
}

export type RoomEffect =
	| { type: 'send'; to: string; frame: ServerFrame }
	| { type: 'broadcast'; to: string[]; frame: ServerFrame }
	| { type: 'close'; to: string; code: number; reason: string }
	| { type: 'persist'; entry: LogEntry }
	/** The connection's info changed: store it with its socket again. */
	| { type: 'attach'; to: string }
	| { type: 'generate'; messageId: string; model: string; messages: ChatMessage[] }
	/** Tell these signed-in people (by user id) that a reply arrived: a push notification. */
	| { type: 'notify'; userIds: string[]; title: string; body: string };

export interface RoomLimits {
	maxFrameBytes: number;
	/**
	 * Frames one socket may send in `floodWindowMs`; past it, frames are dropped and the
	 * socket is told once (`rate_limited`) to slow down.
	 */
	floodFrames: number;
	/** Frames in `floodWindowMs` (dropped ones count) at which the socket is closed. */
	closeFrames: number;
	floodWindowMs: number;
}

// 60 in 5 s leaves room for a burst of 50 queued ops sent on reconnect (the bench's
// throughput run) and for a 10-per-second pace; a socket that keeps going after the
// warning is closed 15 frames later.
export const DEFAULT_ROOM_LIMITS: RoomLimits = { maxFrameBytes: MAX_ROOM_FRAME_BYTES, floodFrames: 60, closeFrames: 75, floodWindowMs: 5_000 };

const NEEDED_ROLE: Record<ClientOp['kind'], RoomRole> = {
	prompt: 'edit',
	react: 'edit',
	annotate: 'edit',
	notes: 'edit',
	edit: 'edit',
	role: 'admin',
	kick: 'admin'
};

export class RoomState {
	readonly #connections = new Map<string, Connection>();

	constructor(
		readonly log: RoomLog,
		readonly limits: RoomLimits = DEFAULT_ROOM_LIMITS
	) {}

	connection(connId: string): ConnectionInfo | undefined {
		const conn = this.#connections.get(connId);
		if (!conn) return undefined;
		const { recent: _recent, warned: _warned, ...info } = conn;
		return info;
	}

	/** The role a participant holds now: a role given in the room beats the link's. */
	roleOf(conn: Pick<ConnectionInfo, 'key' | 'linkRole'>): RoomRole {
		if (conn.key === this.log.meta.ownerKey) return 'admin';
		return this.log.roleOverride(conn.key) ?? conn.linkRole;
	}

	/** A socket joined (or was found again after hibernation, with `welcomed` kept). */
	connect(info: ConnectionInfo): RoomEffect[] {
		if (this.log.isRemoved(info.key)) {
			return [{ type: 'close', to: info.connId, code: ROOM_CLOSE.forbidden, reason: 'An admin removed you from this room.' }];
		}
		// Presence is announced at hello; a socket found again after hibernation was announced.
		this.#connections.set(info.connId, { ...info, recent: [], warned: false });
		return [];
	}

	/**
	 * What a socket's link or team membership grants has changed (decision 0019): a new
	 * role takes effect at once and everyone sees it; null closes the socket with `reason`.
	 */
	regrant(connId: string, granted: RoomRole | null, reason: string): RoomEffect[] {
		const conn = this.#connections.get(connId);
		if (!conn) return [];
		if (granted === null) return [{ type: 'close', to: connId, code: ROOM_CLOSE.forbidden, reason }];
		if (granted === conn.linkRole) return [];
		conn.linkRole = granted;
		return conn.welcomed ? [{ type: 'attach', to: connId }, this.#presence(conn.key)] : [{ type: 'attach', to: connId }];
	}

	disconnect(connId: string): RoomEffect[] {
		const conn = this.#connections.get(connId);
		this.#connections.delete(connId);
		return conn?.welcomed ? [this.#presence(conn.key), ...this.#stopTyping(conn)] : [];
	}

	/** Handles one frame from a socket. */
	receive(connId: string, raw: string | ArrayBuffer, now: number): RoomEffect[] {
		const conn = this.#connections.get(connId);
		if (!conn) return [];
		const size = typeof raw === 'string' ? byteLength(raw, this.limits.maxFrameBytes) : raw.byteLength;
		if (size > this.limits.maxFrameBytes) {
			const reason = `Frame larger than ${this.limits.maxFrameBytes} bytes.`;
			return [
				this.#error(connId, 'too_large', `That frame is ${size} bytes; the room takes at most ${this.limits.maxFrameBytes}. Send less at once.`),
				{ type: 'close', to: connId, code: ROOM_CLOSE.tooLarge, reason }
			];
		}
		const flood = this.#flood(conn, now);
		if (flood) return flood;
		const parsed = clientFrameSchema.safeParse(parseJson(raw));
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
			return [this.#error(connId, 'invalid_frame', `Malformed frame${where}: ${issue?.message ?? 'not JSON'}.`)];
		}
		const frame = parsed.data;
		if (frame.type === 'hello') return this.#hello(conn, frame.lastSeq);
		if (!conn.welcomed) return [this.#error(connId, 'invalid_frame', 'Send hello first.')];
		switch (frame.type) {
			case 'presence':
				conn.status = frame.status;
				return [{ type: 'attach', to: connId }, this.#presence(conn.key)];
			case 'typing':
				if (!roleAllows(this.roleOf(conn), 'edit')) return [this.#error(connId, 'forbidden', 'Viewers cannot type in this room.')];
				return [{ type: 'broadcast', to: this.#welcomed(connId), frame: { type: 'typing', key: conn.key, name: conn.name, typing: frame.typing } }];
			case 'op':
				return this.#op(conn, frame.id, frame.op, now);
		}
	}

	/** Appends streamed reply text, as the room's own entry. */
	appendDelta(messageId: string, text: string, now: number): RoomEffect[] {
		return this.#record(ROOM_AUTHOR, { kind: 'delta', messageId, text }, now);
	}

	endReply(messageId: string, status: 'complete' | 'interrupted' | 'error', now: number, error?: string): RoomEffect[] {
		if (this.log.message(messageId)?.status !== 'streaming') return [];
		const effects = this.#record(ROOM_AUTHOR, { kind: 'reply_end', messageId, status, ...(error ? { error } : {}) }, now);
		return status === 'complete' ? [...effects, ...this.#notifyAway(messageId)] : effects;
	}

	/**
	 * A finished reply is news for the room's signed-in people who are not looking at it:
	 * the owner, everyone who wrote here, and everyone connected from a hidden tab ("away").
	 * Whoever has the room on screen ("here") already saw it; guests have no push.
	 */
	#notifyAway(messageId: string): RoomEffect[] {
		const keys = new Set([this.log.meta.ownerKey, ...this.log.userAuthors()]);
		for (const conn of this.#connections.values()) keys.add(conn.key);
		const userIds = [...keys]
			.filter((key) => key.startsWith(USER_KEY_PREFIX) && !this.log.isRemoved(key) && this.#participant(key)?.status !== 'here')
			.map((key) => key.slice(USER_KEY_PREFIX.length));
		if (userIds.length === 0) return [];
		const body = this.log.message(messageId)?.content.slice(0, 200) ?? '';
		return [{ type: 'notify', userIds, title: this.log.meta.title, body }];
	}

	participants(): Participant[] {
		const byKey = new Map<string, Participant>();
		for (const conn of this.#connections.values()) {
			if (!conn.welcomed) continue;
			const seen = byKey.get(conn.key);
			// One person in two tabs is here if either tab is.
			const status = seen?.status === 'here' ? 'here' : conn.status;
			byKey.set(conn.key, { key: conn.key, name: conn.name, role: this.roleOf(conn), status, guest: conn.guest });
		}
		return [...byKey.values()];
	}

	/**
	 * Counts a frame against the socket's window: past the soft limit the frame is dropped
	 * (the first time with a `rate_limited` error saying when to slow down to), at the hard
	 * limit the socket is closed. Nothing (undefined) when the frame may go on.
	 */
	#flood(conn: Connection, now: number): RoomEffect[] | undefined {
		const { floodFrames, closeFrames, floodWindowMs } = this.limits;
		conn.recent = conn.recent.filter((at) => at > now - floodWindowMs);
		conn.recent.push(now);
		const count = conn.recent.length;
		const seconds = floodWindowMs / 1000;
		if (count >= closeFrames) {
			return [{ type: 'close', to: conn.connId, code: ROOM_CLOSE.policy, reason: `Too many frames: at most ${floodFrames} in ${seconds} s.` }];
		}
		if (count > floodFrames) {
			if (conn.warned) return [];
			conn.warned = true;
			// Frames are taken again once enough of this burst has left the window.
			const waitS = Math.max(1, Math.ceil((conn.recent[count - floodFrames]! + floodWindowMs - now) / 1000));
			const message = `Too many frames: at most ${floodFrames} in ${seconds} s. This one and any more in the next ${waitS} s are dropped; the connection closes at ${closeFrames}.`;
			return [this.#error(conn.connId, 'rate_limited', message)];
		}
		conn.warned = false;
		return undefined;
	}

	#hello(conn: Connection, lastSeq: number | undefined): RoomEffect[] {
		const seq = this.log.seq;
		if (lastSeq !== undefined && lastSeq > seq) {
			return [
				this.#error(conn.connId, 'seq_ahead', `Cannot resume from ${lastSeq}: this room is at ${seq}.`),
				{ type: 'close', to: conn.connId, code: ROOM_CLOSE.seqAhead, reason: `Resume point ${lastSeq} is ahead of the room (${seq}).` }
			];
		}
		const wasWelcomed = conn.welcomed;
		conn.welcomed = true;
		const you: Participant = { key: conn.key, name: conn.name, role: this.roleOf(conn), status: conn.status, guest: conn.guest };
		const frame: ServerFrame =
			lastSeq === undefined
				? { type: 'welcome', v: ROOM_PROTOCOL_VERSION, you, seq, snapshot: this.log.snapshot(), participants: this.participants() }
				: { type: 'welcome', v: ROOM_PROTOCOL_VERSION, you, seq, entries: this.log.since(lastSeq), participants: this.participants() };
		const effects: RoomEffect[] = [{ type: 'send', to: conn.connId, frame }, { type: 'attach', to: conn.connId }];
		if (!wasWelcomed) effects.push(this.#presence(conn.key, conn.connId));
		return effects;
	}

	#op(conn: ConnectionInfo, id: string, op: ClientOp, now: number): RoomEffect[] {
		const role = this.roleOf(conn);
		if (!roleAllows(role, NEEDED_ROLE[op.kind])) {
			return [this.#error(conn.connId, 'forbidden', `Your role (${role}) cannot ${op.kind} in this room.`, id)];
		}
		const done = this.log.appliedSeq(conn.key, id);
		if (done !== undefined) return [{ type: 'send', to: conn.connId, frame: { type: 'ack', id, seq: done } }];
		const by: RoomAuthor = { key: conn.key, name: conn.name };
		const ack = (effects: RoomEffect[]): RoomEffect[] => [
			...effects,
			{ type: 'send', to: conn.connId, frame: { type: 'ack', id, seq: this.log.appliedSeq(conn.key, id) ?? this.log.seq } }
		];
		switch (op.kind) {
			case 'prompt':
				return this.#prompt(conn, by, id, op.text, op.model, now, ack);
			case 'react':
			case 'annotate': {
				if (!this.log.message(op.messageId)) return [this.#error(conn.connId, 'not_found', 'No such message in this room.', id)];
				if (op.kind === 'react') return ack(this.#record(by, op, now, id));
				const annotation = { id: crypto.randomUUID(), messageId: op.messageId, text: op.text, author: by, createdAt: now };
				return ack(this.#record(by, { kind: 'annotate', annotation }, now, id));
			}
			case 'notes': {
				let diff: TextDiff;
				try {
					diff = this.log.tryNotes(op.update);
				} catch (error) {
					if (!(error instanceof InvalidUpdateError)) throw error;
					return [this.#error(conn.connId, 'invalid_frame', 'The notes update is not a valid Yjs update; the notes are unchanged.', id)];
				}
				return ack(this.#record(by, { kind: 'notes', update: op.update, ...diff }, now, id));
			}
			case 'edit':
				return this.#edit(conn, by, id, op.messageId, op.update, now, ack);
			case 'role':
			case 'kick': {
				if (op.key === this.log.meta.ownerKey || op.key === conn.key) {
					return [this.#error(conn.connId, 'forbidden', 'The owner’s role and your own cannot be changed here.', id)];
				}
				const effects = ack(this.#record(by, op, now, id));
				for (const other of this.#connections.values()) {
					if (other.key !== op.key) continue;
					if (op.kind === 'kick') effects.push({ type: 'close', to: other.connId, code: ROOM_CLOSE.kicked, reason: 'An admin removed you from this room.' });
					else effects.push({ type: 'attach', to: other.connId });
				}
				if (op.kind === 'role' && this.#participant(op.key)) effects.push(this.#presence(op.key));
				return effects;
			}
		}
	}

	#prompt(
		conn: ConnectionInfo,
		by: RoomAuthor,
		id: string,
		text: string,
		model: string | undefined,
		now: number,
		ack: (effects: RoomEffect[]) => RoomEffect[]
	): RoomEffect[] {
		if (this.log.streamingId) return [this.#error(conn.connId, 'conflict', 'The room is still answering; wait for the reply to finish.', id)];
		const useModel = model ?? this.log.meta.model;
		if (!useModel) return [this.#error(conn.connId, 'invalid_frame', 'This room has no model: pick one to send a prompt.', id)];
		const userId = crypto.randomUUID();
		const replyId = crypto.randomUUID();
		const effects = this.#record(by, { kind: 'message', message: { id: userId, parentId: this.log.leafId, role: 'user', content: text, author: by, status: 'complete', createdAt: now } }, now, id);
		const reply = { id: replyId, parentId: userId, role: 'assistant' as const, content: '', model: useModel, status: 'streaming' as const, createdAt: now };
		effects.push(...this.#record(ROOM_AUTHOR, { kind: 'message', message: reply }, now, undefined));
		effects.push({ type: 'generate', messageId: replyId, model: useModel, messages: this.log.historyTo(userId) });
		return ack([...effects, ...this.#stopTyping(conn)]);
	}

	/** A change of a complete message's text, merged with everyone else's (decision 0050). */
	#edit(
		conn: ConnectionInfo,
		by: RoomAuthor,
		id: string,
		messageId: string,
		update: string,
		now: number,
		ack: (effects: RoomEffect[]) => RoomEffect[]
	): RoomEffect[] {
		const message = this.log.message(messageId);
		if (!message) return [this.#error(conn.connId, 'not_found', 'No such message in this room.', id)];
		if (message.status !== 'complete') {
			const why = message.status === 'streaming' ? 'is still being written' : 'did not finish';
			return [this.#error(conn.connId, 'conflict', `This message ${why}; only a complete message can be edited.`, id)];
		}
		let preview: { text: string; diff: TextDiff };
		try {
			preview = this.log.tryEdit(messageId, update);
		} catch (error) {
			if (!(error instanceof InvalidUpdateError)) throw error;
			return [this.#error(conn.connId, 'invalid_frame', 'The edit is not a valid Yjs update of this message; it is unchanged.', id)];
		}
		if (preview.text.length > MAX_ROOM_MESSAGE_CHARS) {
			return [this.#error(conn.connId, 'too_large', `The edited message would be longer than ${MAX_ROOM_MESSAGE_CHARS} characters; it is unchanged.`, id)];
		}
		return ack(this.#record(by, { kind: 'edit', messageId, update, ...preview.diff }, now, id));
	}

	#record(by: RoomAuthor, op: LogEntry['op'], now: number, clientOpId?: string): RoomEffect[] {
		const entry = this.log.append(by, op, now, clientOpId);
		return [
			{ type: 'persist', entry },
			{ type: 'broadcast', to: this.#welcomed(), frame: { type: 'entry', entry } }
		];
	}

	#stopTyping(conn: ConnectionInfo): RoomEffect[] {
		return [{ type: 'broadcast', to: this.#welcomed(conn.connId), frame: { type: 'typing', key: conn.key, name: conn.name, typing: false } }];
	}

	/** Tells the others how `key` stands now: changed, or gone with its last socket. */
	#presence(key: string, except?: string): RoomEffect {
		const participant = this.#participant(key);
		const frame: ServerFrame = participant ? { type: 'participant', participant } : { type: 'left', key };
		return { type: 'broadcast', to: this.#welcomed(except), frame };
	}

	#participant(key: string): Participant | undefined {
		let found: Participant | undefined;
		for (const conn of this.#connections.values()) {
			if (!conn.welcomed || conn.key !== key) continue;
			// One person in two tabs is here if either tab is.
			const status = found?.status === 'here' ? 'here' : conn.status;
			found = { key, name: conn.name, role: this.roleOf(conn), status, guest: conn.guest };
		}
		return found;
	}

	#welcomed(except?: string): string[] {
		const ids: string[] = [];
		for (const conn of this.#connections.values()) if (conn.welcomed && conn.connId !== except) ids.push(conn.connId);
		return ids;
	}

	#error(to: string, code: RoomErrorCode, message: string, id?: string): RoomEffect {
		return { type: 'send', to, frame: { type: 'error', code, message, ...(id ? { id } : {}) } };
	}
}

type Connection = ConnectionInfo & {
	/** When its recent frames arrived, within the flood window. */
	recent: number[];
	/** Told it is rate limited in this burst already. */
	warned: boolean;
};

/** The author of what the room itself writes (the model's replies). */
export const ROOM_AUTHOR: RoomAuthor = { key: 'room', name: 'Atrium' };

function byteLength(text: string, limit: number): number {
	// Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
	return text.length * 3 <= limit ? text.length : new TextEncoder().encode(text).byteLength;
}

function parseJson(raw: string | ArrayBuffer): unknown {
	try {
		return JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
	} catch {
		return undefined;
	}
}
