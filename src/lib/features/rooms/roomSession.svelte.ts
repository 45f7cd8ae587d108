// One open room in this tab: the room client's frames folded into reactive state for the
// room page (messages with streaming replies, reactions, annotations, participants,
// typing, notes and edited messages with their history), and the actions the page offers.
import { RoomClient, type RoomConnectionState } from '$lib/sync/roomClient.ts';
import { database } from '$lib/db/database.ts';
import { roomQueueStore } from '$lib/db/roomOutbox.ts';
import type { ClientOp, LogEntry, NotesChange, Participant, RoomAnnotation, RoomMessage, TextChange } from '$lib/protocol/room.ts';
import { MESSAGE_TEXT } from '$lib/protocol/sharedText.ts';
import { RoomNotesDoc } from './roomNotesDoc.ts';
import { SharedTextDoc } from './sharedTextDoc.ts';

export interface RoomJoin {
	roomId: string;
	link: string | null;
	guest: { name: string; secret: string } | null;
}

const TYPING_RESEND_MS = 2_000;
const TYPING_IDLE_MS = 3_000;

export class RoomSession {
	connection = $state<RoomConnectionState>('connecting');
	/** Why the room closed the connection for good (revoked link, removed…). */
	closedReason = $state<string | null>(null);
	/** The last refused action, for the page to show. */
	notice = $state<string | null>(null);
	joined = $state(false);
	you = $state.raw<Participant | null>(null);
	title = $state('');
	model = $state<string | null>(null);
	messages = $state.raw<RoomMessage[]>([]);
	reactions = $state.raw<Record<string, Record<string, 'up' | 'down'>>>({});
	annotations = $state.raw<RoomAnnotation[]>([]);
	participants = $state.raw<Participant[]>([]);
	typingNames = $state.raw<string[]>([]);
	notes = $state('');
	notesHistory = $state.raw<NotesChange[]>([]);
	/** Changes of each message edited together (decision 0050), by message id. */
	editHistory = $state.raw<Record<string, TextChange[]>>({});
	pending = $state(0);
	/** Removals applied so far: a guest's removal revokes their link, which the links panel shows. */
	removals = $state(0);

	readonly streaming = $derived(this.messages.some((m) => m.status === 'streaming'));
	readonly #client: RoomClient;
	readonly #notes: RoomNotesDoc;
	/** Each message's shared text, from its first edit (or when this tab starts editing it). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- documents, not state: their text is published through `messages`
	readonly #texts = new Map<string, SharedTextDoc>();
	/** Who is typing, by participant key; published as `typingNames`. */
	#typing: Record<string, string> = {};
	#typingSentAt = 0;
	#typingTimer: ReturnType<typeof setTimeout> | undefined;

	readonly roomId: string;
	/** The link this tab joined with, if any (admins manage links with it). */
	readonly link: string | null;

	constructor(join: RoomJoin) {
		this.roomId = join.roomId;
		this.link = join.link;
		this.#notes = new RoomNotesDoc(
			(text) => (this.notes = text),
			(update) => this.#send({ kind: 'notes', update }),
			400,
			() => this.connection === 'connected'
		);
		this.#client = new RoomClient({
			url: () => connectUrl(join),
			online: () => navigator.onLine,
			// Unsent writes outlive a reload or a closed tab; the next visit sends them.
			queue: roomQueueStore(database(), join.roomId),
			events: {
				snapshot: (welcome) => {
					const snapshot = welcome.snapshot!;
					this.title = snapshot.title;
					this.model = snapshot.model;
					this.messages = snapshot.messages;
					this.reactions = snapshot.reactions;
					this.annotations = snapshot.annotations;
					this.notesHistory = snapshot.notesHistory;
					this.#notes.applyRemote(snapshot.notes);
					// An edited message's state holds its original content (the seed): no seed here.
					for (const [messageId, { state }] of Object.entries(snapshot.edits)) this.#messageText(messageId, false).applyRemote(state);
					this.editHistory = Object.fromEntries(Object.entries(snapshot.edits).map(([messageId, { history }]) => [messageId, history]));
					this.you = welcome.you;
					this.joined = true;
				},
				entry: (entry) => this.#apply(entry),
				pending: (size) => (this.pending = size),
				presence: (participants) => {
					this.participants = participants;
					const me = participants.find((p) => p.key === this.you?.key);
					if (me) this.you = me;
				},
				typing: (frame) => {
					if (frame.key === this.you?.key) return;
					const { [frame.key]: _gone, ...others } = this.#typing;
					this.#typing = frame.typing ? { ...others, [frame.key]: frame.name } : others;
					this.typingNames = Object.values(this.#typing);
				},
				settled: (_id, result) => {
					this.pending = this.#client.pending.size;
					if ('error' in result) this.notice = result.error.message;
				},
				error: (frame) => (this.notice = frame.message),
				state: (state, reason) => {
					this.connection = state;
					if (state === 'closed' && reason) this.closedReason = reason;
					// Edits made while away go out as one op per text, after the queue is re-sent.
					if (state === 'connected') queueMicrotask(() => this.#flushTexts());
					if (state !== 'connected') {
						this.#typing = {};
						this.typingNames = [];
					}
				}
			}
		});
	}

	/**
	 * Sends a prompt; the room answers it once, for everyone, with `model` (a server model
	 * id the sender picked) or, without one, the room's own model.
	 */
	prompt(text: string, model?: string | null): void {
		this.#send(model ? { kind: 'prompt', text, model } : { kind: 'prompt', text });
		this.stopTyping();
	}

	react(messageId: string, reaction: 'up' | 'down'): void {
		const mine = this.you ? this.reactions[messageId]?.[this.you.key] : undefined;
		this.#send({ kind: 'react', messageId, reaction: mine === reaction ? null : reaction });
	}

	annotate(messageId: string, text: string): void {
		this.#send({ kind: 'annotate', messageId, text });
	}

	editNotes(text: string): void {
		this.#notes.edit(text);
	}

	/** Changes a complete message's text to `text`, merged with everyone else's edits. */
	editMessage(messageId: string, text: string): void {
		this.#messageText(messageId, true).edit(text);
	}

	/** Sends this tab's waiting edits of a message now (the editor closed). */
	finishEdit(messageId: string): void {
		this.#texts.get(messageId)?.flush();
	}

	setRole(key: string, role: 'view' | 'edit' | 'admin'): void {
		this.#send({ kind: 'role', key, role });
	}

	kick(key: string): void {
		this.#send({ kind: 'kick', key });
	}

	/** Called on every keystroke in the composer. */
	typed(): void {
		const now = Date.now();
		if (now - this.#typingSentAt > TYPING_RESEND_MS) {
			this.#typingSentAt = now;
			this.#client.typing(true);
		}
		clearTimeout(this.#typingTimer);
		this.#typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
	}

	stopTyping(): void {
		clearTimeout(this.#typingTimer);
		if (this.#typingSentAt === 0) return;
		this.#typingSentAt = 0;
		this.#client.typing(false);
	}

	away(away: boolean): void {
		this.#client.presence(away ? 'away' : 'here');
	}

	online(online: boolean): void {
		if (online) this.#client.reconnect();
		else this.#client.wentOffline();
	}

	close(): void {
		clearTimeout(this.#typingTimer);
		this.#notes.destroy();
		for (const text of this.#texts.values()) text.destroy();
		this.#client.close();
	}

	#send(op: ClientOp): void {
		this.notice = null;
		this.#client.send(op);
		this.pending = this.#client.pending.size;
	}

	/**
	 * The shared text of a message. Started here, it is seeded from the content this tab
	 * shows, which is the original: any edit the room had would have started it already.
	 */
	#messageText(messageId: string, seed: boolean): SharedTextDoc {
		let text = this.#texts.get(messageId);
		if (!text) {
			const content = this.messages.find((m) => m.id === messageId)?.content ?? '';
			text = new SharedTextDoc({
				textName: MESSAGE_TEXT,
				...(seed ? { seed: content } : {}),
				onChange: (next) => {
					if (this.messages.some((m) => m.id === messageId && m.content !== next)) {
						this.messages = this.messages.map((m) => (m.id === messageId ? { ...m, content: next } : m));
					}
				},
				send: (update) => this.#send({ kind: 'edit', messageId, update }),
				ready: () => this.connection === 'connected'
			});
			this.#texts.set(messageId, text);
		}
		return text;
	}

	#flushTexts(): void {
		this.#notes.flush();
		for (const text of this.#texts.values()) text.flush();
	}

	#apply(entry: LogEntry): void {
		const op = entry.op;
		switch (op.kind) {
			case 'message':
				this.messages = [...this.messages, op.message];
				break;
			case 'delta':
			case 'reply_end':
				this.messages = this.messages.map((m) =>
					m.id !== op.messageId ? m : op.kind === 'delta' ? { ...m, content: m.content + op.text } : { ...m, status: op.status, ...(op.error ? { error: op.error } : {}) }
				);
				break;
			case 'react': {
				const byKey = { ...this.reactions[op.messageId] };
				if (op.reaction) byKey[entry.by.key] = op.reaction;
				else delete byKey[entry.by.key];
				this.reactions = { ...this.reactions, [op.messageId]: byKey };
				break;
			}
			case 'annotate':
				this.annotations = [...this.annotations, op.annotation];
				break;
			case 'notes':
				this.#notes.applyRemote(op.update);
				this.notesHistory = [...this.notesHistory, { seq: entry.seq, author: entry.by, at: entry.at, inserted: op.inserted, deleted: op.deleted }];
				break;
			case 'edit':
				if (!this.messages.some((m) => m.id === op.messageId)) break;
				this.#messageText(op.messageId, true).applyRemote(op.update);
				this.editHistory = {
					...this.editHistory,
					[op.messageId]: [...(this.editHistory[op.messageId] ?? []), { seq: entry.seq, author: entry.by, at: entry.at, inserted: op.inserted, deleted: op.deleted }]
				};
				break;
			case 'kick':
				this.removals++;
				break;
			case 'role':
				break;
		}
	}
}

function connectUrl(join: RoomJoin): string {
	const query: Record<string, string> = {};
	if (join.link) query.link = join.link;
	if (join.guest) {
		query.name = join.guest.name;
		query.guest = join.guest.secret;
	}
	const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${scheme}//${location.host}/api/rooms/${encodeURIComponent(join.roomId)}/connect?${new URLSearchParams(query)}`;
}
