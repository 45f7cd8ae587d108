// The room's operation log and the state it folds into: messages (a conversation tree,
// with reply tokens appended as they stream, and texts edited together), reactions,
// annotations, notes, role changes and removals. Entries are numbered 1, 2, 3…; replaying
// the same entries always gives the same state, which is how a woken or restarted room
// rebuilds itself from storage.
import type { ChatMessage } from '../../../../src/lib/protocol/chat.ts';
import type {
	LogEntry,
	RoomAnnotation,
	RoomAuthor,
	RoomMessage,
	RoomOp,
	RoomRole,
	RoomSnapshot
} from '../../../../src/lib/protocol/room.ts';
import { RoomTexts, type TextDiff, type TextTarget } from './roomNotes.ts';

/** Participant keys of signed-in people are `user:<user id>`; guests and the room have others. */
export const USER_KEY_PREFIX = 'user:';

export interface RoomMeta {
	id: string;
	title: string;
	/** The edge model id prompts use unless they name one. */
	model: string | null;
	/** Participant key of the creator: always admin, never removable. */
	ownerKey: string;
	createdAt: number;
}

const NOTES: TextTarget = { kind: 'notes' };
/** An empty Yjs document's state, for a room whose notes nobody wrote yet. */
const EMPTY_NOTES_STATE = 'AAA=';

export class RoomLog {
	readonly #entries: LogEntry[] = [];
	readonly #messages = new Map<string, RoomMessage>();
	readonly #reactions = new Map<string, Map<string, 'up' | 'down'>>();
	readonly #annotations: RoomAnnotation[] = [];
	/** The notes and every edited message's text (decision 0050). */
	readonly #texts = new RoomTexts();
	readonly #roles = new Map<string, RoomRole>();
	readonly #removed = new Set<string>();
	/** Keys of signed-in people who wrote here (prompts, reactions, notes...). */
	readonly #userAuthors = new Set<string>();
	/** `${participant key} ${client op id}` → the seq its ack names. */
	readonly #applied = new Map<string, number>();
	#leafId: string | null = null;

	constructor(readonly meta: RoomMeta, entries: Iterable<LogEntry> = []) {
		for (const entry of entries) this.#fold(entry);
	}

	get seq(): number {
		return this.#entries.length === 0 ? 0 : this.#entries[this.#entries.length - 1]!.seq;
	}

	/** The assistant message streaming now, if any. */
	get streamingId(): string | null {
		for (const message of this.#messages.values()) if (message.status === 'streaming') return message.id;
		return null;
	}

	get leafId(): string | null {
		return this.#leafId;
	}

	message(id: string): RoomMessage | undefined {
		return this.#messages.get(id);
	}

	/** The role a participant was given in the room, overriding the link's. */
	roleOverride(key: string): RoomRole | undefined {
		return this.#roles.get(key);
	}

	isRemoved(key: string): boolean {
		return this.#removed.has(key);
	}

	/** The seq acknowledging an op this participant sent before, if it was applied. */
	appliedSeq(key: string, clientOpId: string): number | undefined {
		return this.#applied.get(`${key} ${clientOpId}`);
	}

	/** The entries after `seq`, in order. */
	since(seq: number): LogEntry[] {
		// Seqs are dense from 1, so the entry with seq n sits at index n - 1.
		return this.#entries.slice(Math.max(0, seq));
	}

	/** Records `op` as the next entry and folds it in. */
	append(by: RoomAuthor, op: RoomOp, at: number, clientOpId?: string): LogEntry {
		const entry: LogEntry = { seq: this.seq + 1, at, by, op, ...(clientOpId ? { clientOpId } : {}) };
		this.#fold(entry);
		return entry;
	}

	/** The conversation from the root to `leafId` as a model request's messages. */
	historyTo(leafId: string): ChatMessage[] {
		const path: ChatMessage[] = [];
		let current = this.#messages.get(leafId);
		while (current) {
			path.push({ role: current.role, content: current.content });
			current = current.parentId ? this.#messages.get(current.parentId) : undefined;
		}
		return path.reverse();
	}

	snapshot(): RoomSnapshot {
		const reactions: RoomSnapshot['reactions'] = {};
		for (const [messageId, byKey] of this.#reactions) reactions[messageId] = Object.fromEntries(byKey);
		return {
			id: this.meta.id,
			title: this.meta.title,
			model: this.meta.model,
			messages: [...this.#messages.values()],
			reactions,
			annotations: [...this.#annotations],
			notes: this.#texts.get(NOTES)?.text.state() ?? EMPTY_NOTES_STATE,
			notesHistory: [...(this.#texts.get(NOTES)?.history ?? [])],
			edits: this.#texts.messages()
		};
	}

	/**
	 * What a notes update would change, before it is logged; changes nothing.
	 * @throws {InvalidUpdateError} when it is not a whole, valid Yjs update of the notes
	 */
	tryNotes(update: string): TextDiff {
		return this.#texts.preview(NOTES, update).diff;
	}

	/**
	 * What an update of a message's text would make of it, before it is logged; changes
	 * nothing. The message must exist.
	 * @throws {InvalidUpdateError} when it is not a whole, valid Yjs update of that text
	 */
	tryEdit(messageId: string, update: string): { text: string; diff: TextDiff } {
		return this.#texts.preview(this.#messageTarget(messageId), update);
	}

	#messageTarget(messageId: string): TextTarget {
		// Only read before the message's first edit: from then on its text is the shared one.
		return { kind: 'message', messageId, original: this.#messages.get(messageId)?.content ?? '' };
	}

	/** Signed-in people who have written in the room, by participant key (`user:<id>`). */
	userAuthors(): ReadonlySet<string> {
		return this.#userAuthors;
	}

	#fold(entry: LogEntry): void {
		this.#entries.push(entry);
		if (entry.by.key.startsWith(USER_KEY_PREFIX)) this.#userAuthors.add(entry.by.key);
		if (entry.clientOpId) this.#applied.set(`${entry.by.key} ${entry.clientOpId}`, entry.seq);
		const op = entry.op;
		switch (op.kind) {
			case 'message':
				this.#messages.set(op.message.id, { ...op.message });
				this.#leafId = op.message.id;
				break;
			case 'delta': {
				const message = this.#messages.get(op.messageId);
				if (message) message.content += op.text;
				break;
			}
			case 'reply_end': {
				const message = this.#messages.get(op.messageId);
				if (message) {
					message.status = op.status;
					if (op.error) message.error = op.error;
				}
				break;
			}
			case 'react': {
				const byKey = this.#reactions.get(op.messageId) ?? new Map<string, 'up' | 'down'>();
				if (op.reaction) byKey.set(entry.by.key, op.reaction);
				else byKey.delete(entry.by.key);
				this.#reactions.set(op.messageId, byKey);
				break;
			}
			case 'annotate':
				this.#annotations.push(op.annotation);
				break;
			case 'notes':
				this.#texts.apply(NOTES, op.update, { seq: entry.seq, author: entry.by, at: entry.at, inserted: op.inserted, deleted: op.deleted });
				break;
			case 'edit': {
				const message = this.#messages.get(op.messageId);
				if (!message) break;
				const change = { seq: entry.seq, author: entry.by, at: entry.at, inserted: op.inserted, deleted: op.deleted };
				message.content = this.#texts.apply(this.#messageTarget(op.messageId), op.update, change);
				break;
			}
			case 'role':
				this.#roles.set(op.key, op.role);
				this.#removed.delete(op.key);
				break;
			case 'kick':
				this.#removed.add(op.key);
				this.#roles.delete(op.key);
				break;
		}
	}
}
