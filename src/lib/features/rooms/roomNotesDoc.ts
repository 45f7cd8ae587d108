// The room notes on this device: the shared text of decision 0050 under the notes' name,
// starting empty (the room's snapshot brings what was written).
import { NOTES_TEXT } from '$lib/protocol/sharedText.ts';
import { SharedTextDoc } from './sharedTextDoc.ts';

export class RoomNotesDoc extends SharedTextDoc {
	/**
	 * @param onChange the text after any change, local or remote
	 * @param send called with one merged update (base64) for the local edits of an interval
	 */
	constructor(onChange: (text: string) => void, send: (update: string) => void, batchMs = 400, ready: () => boolean = () => true) {
		super({ textName: NOTES_TEXT, onChange, send, batchMs, ready });
	}
}
