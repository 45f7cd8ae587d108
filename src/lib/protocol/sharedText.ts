// Texts a room edits together (decision 0050): the room notes and each edited message are
// one Yjs document each, with one text in it. Shared by the Room Durable Object and the
// app, so both sides build a message's starting point byte for byte the same way.
//
// The seed trick: a message's text starts from its original content, inserted by a Y.Doc
// whose clientID is fixed to 0. Every device and the room make the same insertion with the
// same struct ids (client 0, clocks 0…n-1), so merging two seeds is a no-op rather than
// the content twice. Only the seed is written as clientID 0: `seededDoc` switches to a
// random id before anyone edits.
import * as Y from 'yjs';
import { base64ToBytes, bytesToBase64 } from './base64.ts';

/** The text's name inside the notes document (kept: logs written before 0050 use it). */
export const NOTES_TEXT = 'notes';
/** The text's name inside a message's document. */
export const MESSAGE_TEXT = 'text';
/** The clientID that writes a message's original content, and nothing else. */
export const SEED_CLIENT_ID = 0;

export interface TextDiff {
	inserted: string;
	deleted: string;
}

/** A document holding `content` as written by the seed client (empty content: an empty document). */
export function seededDoc(textName: string, content: string): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = SEED_CLIENT_ID;
	if (content) doc.getText(textName).insert(0, content);
	// Local edits must never be made as the seed client.
	doc.clientID = freshClientId();
	return doc;
}

function freshClientId(): number {
	const [value] = crypto.getRandomValues(new Uint32Array(1));
	return value || 1;
}

/** Thrown when an update is not base64, not a Yjs update, or does not fit the text. */
export class InvalidUpdateError extends Error {}

/**
 * One shared text with its Yjs document. `preview` checks an update on a scratch copy and
 * says what it would change; `apply` merges it into the live document. A bad update (cut
 * short, garbage, another type under the text's name) throws from `preview` and changes
 * nothing: Y.applyUpdate can throw half way through, after it changed the document.
 */
export class SharedText {
	readonly #doc: Y.Doc;

	constructor(
		readonly textName: string,
		seed = ''
	) {
		this.#doc = seededDoc(textName, seed);
		this.#doc.getText(textName);
	}

	get text(): string {
		return this.#doc.getText(this.textName).toString();
	}

	/**
	 * What `update` (base64) would change, without changing anything.
	 * @throws {InvalidUpdateError} when it is not a whole, valid Yjs update of this text
	 */
	preview(update: string): { text: string; diff: TextDiff } {
		const scratch = new Y.Doc();
		try {
			const text = scratch.getText(this.textName);
			Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.#doc));
			Y.applyUpdate(scratch, base64ToBytes(update));
			const after = text.toString();
			return { text: after, diff: diffText(this.text, after) };
		} catch (error) {
			throw new InvalidUpdateError(error instanceof Error ? error.message : String(error));
		} finally {
			scratch.destroy();
		}
	}

	/**
	 * Merges an update that `preview` accepted (or one from the room's own log).
	 * @throws {InvalidUpdateError} when it is not a valid Yjs update
	 */
	apply(update: string): TextDiff {
		const before = this.text;
		try {
			Y.applyUpdate(this.#doc, base64ToBytes(update));
		} catch (error) {
			throw new InvalidUpdateError(error instanceof Error ? error.message : String(error));
		}
		return diffText(before, this.text);
	}

	/** The whole document as one update (base64), for a client's first view. */
	state(): string {
		return bytesToBase64(Y.encodeStateAsUpdate(this.#doc));
	}
}

/** What changed between two texts: the middle part that differs, on each side. */
export function diffText(before: string, after: string): TextDiff {
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
