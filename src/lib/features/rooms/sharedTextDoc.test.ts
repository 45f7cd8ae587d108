import { describe, expect, it } from 'vitest';
import { MESSAGE_TEXT, SharedText } from '$lib/protocol/sharedText.ts';
import { SharedTextDoc } from './sharedTextDoc.ts';

interface Sent {
	from: string;
	update: string;
}

function device(name: string, sent: Sent[], seed?: string, seen: string[] = []): SharedTextDoc {
	return new SharedTextDoc({
		textName: MESSAGE_TEXT,
		...(seed === undefined ? {} : { seed }),
		onChange: (text) => seen.push(text),
		send: (update) => sent.push({ from: name, update }),
		batchMs: 0
	});
}

describe('SharedTextDoc (a message edited together)', () => {
	it('starts a message from its content the same way on every device, so merging two starts keeps the content once', () => {
		const sent: Sent[] = [];
		const alice = device('alice', sent, 'The answer is 42.');
		const bob = device('bob', sent, 'The answer is 42.');
		// The room builds its own start the same way: its state, merged in, adds nothing.
		const room = new SharedText(MESSAGE_TEXT, 'The answer is 42.');
		alice.applyRemote(room.state());
		bob.applyRemote(room.state());
		expect(alice.text).toBe('The answer is 42.');
		expect(bob.text).toBe('The answer is 42.');
		// Starting did not count as an edit: nothing to send.
		alice.flush();
		expect(sent).toEqual([]);
	});

	it('merges two people editing one message at once, losing nobody’s change, and the room agrees', () => {
		const sent: Sent[] = [];
		const alice = device('alice', sent, 'Ship on Friday.');
		const bob = device('bob', sent, 'Ship on Friday.');
		const room = new SharedText(MESSAGE_TEXT, 'Ship on Friday.');
		alice.edit('Ship on Friday, after review.');
		bob.edit('We ship on Friday.');
		alice.flush();
		bob.flush();
		expect(sent.map((s) => s.from)).toEqual(['alice', 'bob']);
		for (const { from, update } of sent) {
			room.apply(update);
			(from === 'alice' ? bob : alice).applyRemote(update);
		}
		expect(alice.text).toBe('We ship on Friday, after review.');
		expect(bob.text).toBe(alice.text);
		expect(room.text).toBe(alice.text);
		// Someone arriving later starts from the room's state alone (no seed of their own).
		const carol = device('carol', sent);
		carol.applyRemote(room.state());
		expect(carol.text).toBe(alice.text);
	});

	it('holds edits made while the room is away and sends them as one update once it is back', () => {
		const sent: Sent[] = [];
		let connected = false;
		const alice = new SharedTextDoc({ textName: MESSAGE_TEXT, seed: 'Plan', onChange: () => {}, send: (update) => sent.push({ from: 'alice', update }), ready: () => connected, batchMs: 0 });
		for (const next of ['Plan A', 'Plan AB', 'Plan ABC']) {
			alice.edit(next);
			alice.flush();
		}
		expect(sent).toEqual([]);
		connected = true;
		alice.flush();
		expect(sent).toHaveLength(1);
		const room = new SharedText(MESSAGE_TEXT, 'Plan');
		expect(room.apply(sent[0]!.update)).toEqual({ inserted: ' ABC', deleted: '' });
		expect(room.text).toBe('Plan ABC');
	});

	it('batches local edits into one update, reports remote changes, and never sends them back', () => {
		const sent: Sent[] = [];
		const seen: string[] = [];
		const alice = device('alice', sent, 'Draft');
		const bob = device('bob', sent, 'Draft', seen);
		alice.edit('Draft one');
		alice.edit('Draft one two');
		alice.flush();
		expect(sent).toHaveLength(1);
		bob.applyRemote(sent[0]!.update);
		expect(seen.at(-1)).toBe('Draft one two');
		bob.flush();
		expect(sent).toHaveLength(1);
		// An edit that changes nothing sends nothing.
		bob.edit('Draft one two');
		bob.flush();
		expect(sent).toHaveLength(1);
	});
});
