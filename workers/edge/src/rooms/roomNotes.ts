// The room's shared texts (decision 0050): the notes, and each message someone edited. Each
// is one Yjs document merged from every editor's updates, so concurrent edits all survive,
// and each applied update is remembered as who inserted and deleted what, and when.
// A message's text starts from its original content through the seed trick in
// src/lib/protocol/sharedText.ts, exactly as every client starts it.
import type { TextChange } from '../../../../src/lib/protocol/room.ts';
import { MESSAGE_TEXT, NOTES_TEXT, SharedText, type TextDiff } from '../../../../src/lib/protocol/sharedText.ts';

export { diffText, InvalidUpdateError, type TextDiff } from '../../../../src/lib/protocol/sharedText.ts';

/** Which shared text: the room notes, or one message with the content it started from. */
export type TextTarget = { kind: 'notes' } | { kind: 'message'; messageId: string; original: string };

export interface SharedTextState {
	text: SharedText;
	history: TextChange[];
}

function keyOf(target: TextTarget): string {
	return target.kind === 'notes' ? 'notes' : `message:${target.messageId}`;
}

function create(target: TextTarget): SharedText {
	return target.kind === 'notes' ? new SharedText(NOTES_TEXT) : new SharedText(MESSAGE_TEXT, target.original);
}

export class RoomTexts {
	readonly #texts = new Map<string, SharedTextState>();

	/** The notes, or a message's text once someone edited it. */
	get(target: TextTarget): SharedTextState | undefined {
		return this.#texts.get(keyOf(target));
	}

	/**
	 * What `update` would make of the target's text, changing nothing.
	 * @throws {InvalidUpdateError} when it is not a whole, valid Yjs update of that text
	 */
	preview(target: TextTarget, update: string): { text: string; diff: TextDiff } {
		return (this.get(target)?.text ?? create(target)).preview(update);
	}

	/**
	 * Merges an update (checked with `preview` first, or replayed from the log) and records
	 * the change in the target's history; returns the text after it.
	 */
	apply(target: TextTarget, update: string, change: TextChange): string {
		const key = keyOf(target);
		let state = this.#texts.get(key);
		if (!state) {
			state = { text: create(target), history: [] };
			this.#texts.set(key, state);
		}
		state.text.apply(update);
		state.history.push(change);
		return state.text.text;
	}

	/** Every edited message's document state and history, by message id. */
	messages(): Record<string, { state: string; history: TextChange[] }> {
		const out: Record<string, { state: string; history: TextChange[] }> = {};
		for (const [key, { text, history }] of this.#texts) {
			if (key.startsWith('message:')) out[key.slice('message:'.length)] = { state: text.state(), history: [...history] };
		}
		return out;
	}
}
