// The room notes on this device: a Yjs document kept in step with the room. Local edits of
// the plain text become Yjs operations (so concurrent edits merge), batched into one update
// per interval to stay well inside the room's per-socket frame budget.
import * as Y from 'yjs';
import { base64ToBytes, bytesToBase64 } from '$lib/protocol/base64.ts';

const REMOTE = Symbol('remote');
const TEXT = 'notes';

export class RoomNotesDoc {
	readonly #doc = new Y.Doc();
	#outgoing: Uint8Array[] = [];
	#timer: ReturnType<typeof setTimeout> | undefined;

	/**
	 * @param onChange the text after any change, local or remote
	 * @param send called with one merged update (base64) for the local edits of an interval
	 */
	constructor(
		private readonly onChange: (text: string) => void,
		private readonly send: (update: string) => void,
		private readonly batchMs = 400
	) {
		this.#doc.on('update', (update: Uint8Array, origin: unknown) => {
			this.onChange(this.text);
			if (origin === REMOTE) return;
			this.#outgoing.push(update);
			this.#timer ??= setTimeout(() => this.flush(), this.batchMs);
		});
	}

	get text(): string {
		return this.#doc.getText(TEXT).toString();
	}

	/** Merges an update from the room (a snapshot's state or someone's change). */
	applyRemote(update: string): void {
		Y.applyUpdate(this.#doc, base64ToBytes(update), REMOTE);
	}

	/** Turns the textarea's new value into the smallest Yjs edit. */
	edit(next: string): void {
		const before = this.text;
		let start = 0;
		while (start < before.length && start < next.length && before[start] === next[start]) start++;
		let end = 0;
		while (end < before.length - start && end < next.length - start && before[before.length - 1 - end] === next[next.length - 1 - end]) end++;
		const text = this.#doc.getText(TEXT);
		this.#doc.transact(() => {
			if (before.length - start - end > 0) text.delete(start, before.length - start - end);
			const inserted = next.slice(start, next.length - end);
			if (inserted) text.insert(start, inserted);
		});
	}

	flush(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (this.#outgoing.length === 0) return;
		const merged = Y.mergeUpdates(this.#outgoing);
		this.#outgoing = [];
		this.send(bytesToBase64(merged));
	}

	destroy(): void {
		this.flush();
		this.#doc.destroy();
	}
}
