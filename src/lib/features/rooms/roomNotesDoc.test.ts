import { describe, expect, it } from 'vitest';
import { RoomNotesDoc } from './roomNotesDoc.ts';

describe('RoomNotesDoc', () => {
	it('merges two people editing the same notes at once, losing nobody’s change', () => {
		const sent: { from: string; update: string }[] = [];
		const alice = new RoomNotesDoc(() => {}, (update) => sent.push({ from: 'alice', update }), 0);
		const bob = new RoomNotesDoc(() => {}, (update) => sent.push({ from: 'bob', update }), 0);
		alice.edit('Agenda');
		alice.flush();
		bob.applyRemote(sent[0]!.update);
		alice.edit('Agenda: launch');
		bob.edit('Big Agenda');
		alice.flush();
		bob.flush();
		for (const { from, update } of sent.slice(1)) (from === 'alice' ? bob : alice).applyRemote(update);
		expect(alice.text).toBe('Big Agenda: launch');
		expect(bob.text).toBe(alice.text);
	});
});
