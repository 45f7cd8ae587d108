// The room's shared notes: one Yjs document with one text, merged from every editor's
// updates, so concurrent edits all survive. Each applied update is summarised as the text
// it inserted and deleted, for the notes' change history.
import * as Y from 'yjs';
import { base64ToBytes, bytesToBase64 } from '../../../../src/lib/protocol/base64.ts';

export const NOTES_TEXT = 'notes';

export interface NotesDiff {
	inserted: string;
	deleted: string;
}

export class RoomNotes {
	readonly #doc = new Y.Doc();

	get text(): string {
		return this.#doc.getText(NOTES_TEXT).toString();
	}

	/**
	 * Merges one update (base64) into the notes.
	 * @throws {Error} when the update is not valid base64 or not a Yjs update
	 */
	apply(update: string): NotesDiff {
		const before = this.text;
		Y.applyUpdate(this.#doc, base64ToBytes(update));
		return diffText(before, this.text);
	}

	/** The whole document as one update (base64), for a client's first view. */
	state(): string {
		return bytesToBase64(Y.encodeStateAsUpdate(this.#doc));
	}
}

/** What changed between two texts: the middle part that differs, on each side. */
export function diffText(before: string, after: string): NotesDiff {
	let start = 0;
	while (start < before.length && start < after.length && before[start] === after[start]) start++;
	let end = 0;
	while (
		end < before.length - start &&
		end < after.length - start &&
		before[before.length - 1 - end] === after[after.length - 1 - end]
	)
		end++;
	return { deleted: before.slice(start, before.length - end), inserted: after.slice(start, after.length - end) };
}
