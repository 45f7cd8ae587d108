// A text the room edits together, on this device (decision 0050): the room notes, or one
// message. A Yjs document kept in step with the room; local edits of the plain text become
// Yjs operations (so concurrent edits merge), batched into one update per interval to stay
// well inside the room's per-socket frame budget. While the room is not connected the
// batches wait and merge, so a long offline edit becomes one op, not one per interval
// (a reconnect sends every queued op at once, and the room limits frames per socket).
import * as Y from 'yjs';
import { base64ToBytes, bytesToBase64 } from '$lib/protocol/base64.ts';
import { diffText, seededDoc } from '$lib/protocol/sharedText.ts';

const REMOTE = Symbol('remote');

export interface SharedTextDocOptions {
	/** The text's name in the document (`NOTES_TEXT` or `MESSAGE_TEXT`). */
	textName: string;
	/**
	 * The content a message's text starts from, when this device starts it: written by the
	 * seed client exactly as the room writes it. Leave it out when the room's state will be
	 * applied instead (it holds the seed already), and for the notes.
	 */
	seed?: string;
	/** The text after any change, local or remote. */
	onChange: (text: string) => void;
	/** Called with one merged update (base64) for the local edits of an interval. */
	send: (update: string) => void;
	/** Whether updates may go out now (the room is connected); they wait, merged, until then. */
	ready?: () => boolean;
	batchMs?: number;
}

export class SharedTextDoc {
	readonly #doc: Y.Doc;
	readonly #textName: string;
	readonly #onChange: (text: string) => void;
	readonly #send: (update: string) => void;
	readonly #ready: () => boolean;
	readonly #batchMs: number;
	#outgoing: Uint8Array[] = [];
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor({ textName, seed = '', onChange, send, ready = () => true, batchMs = 400 }: SharedTextDocOptions) {
		this.#doc = seededDoc(textName, seed);
		this.#textName = textName;
		this.#onChange = onChange;
		this.#send = send;
		this.#ready = ready;
		this.#batchMs = batchMs;
		this.#doc.on('update', (update: Uint8Array, origin: unknown) => {
			this.#onChange(this.text);
			if (origin === REMOTE) return;
			this.#outgoing.push(update);
			this.#timer ??= setTimeout(() => this.flush(), this.#batchMs);
		});
	}

	get text(): string {
		return this.#doc.getText(this.#textName).toString();
	}

	/** Merges an update from the room (a snapshot's state or someone's change). */
	applyRemote(update: string): void {
		Y.applyUpdate(this.#doc, base64ToBytes(update), REMOTE);
	}

	/** Turns the text field's new value into the smallest Yjs edit. */
	edit(next: string): void {
		const before = this.text;
		const { deleted, inserted } = diffText(before, next);
		if (!deleted && !inserted) return;
		let start = 0;
		while (start < before.length && start < next.length && before[start] === next[start]) start++;
		const text = this.#doc.getText(this.#textName);
		this.#doc.transact(() => {
			if (deleted) text.delete(start, deleted.length);
			if (inserted) text.insert(start, inserted);
		});
	}

	/** Sends the waiting local edits as one update, if the room is ready (or `force`). */
	flush(force = false): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (this.#outgoing.length === 0) return;
		const merged = Y.mergeUpdates(this.#outgoing);
		if (!force && !this.#ready()) {
			this.#outgoing = [merged];
			return;
		}
		this.#outgoing = [];
		this.#send(bytesToBase64(merged));
	}

	/** Hands what waits to `send` (the room client queues it), then frees the document. */
	destroy(): void {
		this.flush(true);
		this.#doc.destroy();
	}
}
