// RoomState without sockets or storage: frames in, effects out.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bytesToBase64 } from '../../../../src/lib/protocol/base64.ts';
import type { LogEntry, RoomRole, ServerFrame } from '../../../../src/lib/protocol/room.ts';
import { MESSAGE_TEXT, NOTES_TEXT, seededDoc } from '../../../../src/lib/protocol/sharedText.ts';
import { RoomLog, type RoomMeta } from './roomLog.ts';
import { RoomState, type ConnectionInfo, type RoomEffect } from './roomState.ts';

const META: RoomMeta = { id: 'r1', title: 'Plans', model: 'openai/gpt-4o-mini', ownerKey: 'user:owner', createdAt: 1 };

function room(entries: LogEntry[] = [], limits = { maxFrameBytes: 2_000, floodFrames: 10, closeFrames: 15, floodWindowMs: 1_000 }) {
	return new RoomState(new RoomLog(META, entries), limits);
}

function join(state: RoomState, connId: string, role: RoomRole, key = `user:${connId}`, lastSeq?: number): RoomEffect[] {
	const info: ConnectionInfo = { connId, key, name: connId, guest: false, linkRole: role, linkId: 'l1', status: 'here', welcomed: false };
	state.connect(info);
	return state.receive(connId, JSON.stringify({ type: 'hello', v: 1, ...(lastSeq === undefined ? {} : { lastSeq }) }), 0);
}

function framesTo(effects: RoomEffect[], connId: string): ServerFrame[] {
	return effects.flatMap((e) => (e.type === 'send' && e.to === connId ? [e.frame] : e.type === 'broadcast' && e.to.includes(connId) ? [e.frame] : []));
}

const send = (state: RoomState, connId: string, frame: unknown, now = 10) => state.receive(connId, JSON.stringify(frame), now);
const prompt = (id: string, text = 'hi') => ({ type: 'op', id, op: { kind: 'prompt', text } });

/** Runs `change` on a device's document and returns the Yjs update it made (base64). */
function changeOf(doc: Y.Doc, name: string, change: (text: Y.Text) => void): string {
	const before = Y.encodeStateVector(doc);
	change(doc.getText(name));
	return bytesToBase64(Y.encodeStateAsUpdate(doc, before));
}

/** Text of a snapshot's notes state. */
function notesText(state: string): string {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Uint8Array.from(atob(state), (c) => c.charCodeAt(0)));
	return doc.getText(NOTES_TEXT).toString();
}

/** A room with a finished exchange ("Question" → "Answer"), `a` and `b` editing, `v` viewing. */
function roomWithReply(persisted: LogEntry[] = []) {
	const state = room();
	const keep = (effects: RoomEffect[]) => {
		effects.forEach((e) => e.type === 'persist' && persisted.push(e.entry));
		return effects;
	};
	join(state, 'a', 'edit');
	join(state, 'b', 'edit');
	join(state, 'v', 'view');
	keep(send(state, 'a', prompt('p1', 'Question')));
	const replyId = state.log.streamingId!;
	keep(state.appendDelta(replyId, 'Answer', 11));
	keep(state.endReply(replyId, 'complete', 12));
	return { state, replyId, keep };
}

const editOp = (id: string, messageId: string, update: string) => ({ type: 'op', id, op: { kind: 'edit', messageId, update } });

describe('RoomState', () => {
	it('answers hello with a snapshot, and announces the newcomer to the others', () => {
		const state = room();
		join(state, 'a', 'edit');
		const effects = join(state, 'b', 'view');
		const welcome = framesTo(effects, 'b')[0];
		expect(welcome).toMatchObject({ type: 'welcome', seq: 0, you: { role: 'view' }, snapshot: { title: 'Plans' } });
		expect(framesTo(effects, 'a')).toEqual([{ type: 'participant', participant: { key: 'user:b', name: 'b', role: 'view', status: 'here', guest: false } }]);
		expect(framesTo(state.disconnect('b'), 'a')).toContainEqual({ type: 'left', key: 'user:b' });
	});

	it('turns a prompt into a user message and a streaming reply, acked by op id, broadcast to all', () => {
		const state = room();
		join(state, 'a', 'edit');
		join(state, 'b', 'view');
		const effects = send(state, 'a', prompt('op-1', 'What next?'));
		const toB = framesTo(effects, 'b').filter((f) => f.type === 'entry');
		expect(toB.map((f) => f.type === 'entry' && f.entry.seq)).toEqual([1, 2]);
		expect(framesTo(effects, 'a')).toContainEqual({ type: 'ack', id: 'op-1', seq: 1 });
		const generate = effects.find((e) => e.type === 'generate');
		expect(generate).toMatchObject({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'What next?' }] });
		expect(effects.filter((e) => e.type === 'persist')).toHaveLength(2);
	});

	it('applies a re-sent op once and acks it again with the same seq', () => {
		const state = room();
		join(state, 'a', 'edit');
		send(state, 'a', prompt('op-1'));
		state.endReply(state.log.streamingId!, 'complete', 20);
		const again = send(state, 'a', prompt('op-1'));
		expect(again).toEqual([{ type: 'send', to: 'a', frame: { type: 'ack', id: 'op-1', seq: 1 } }]);
		expect(state.log.seq).toBe(3);
	});

	it('regrants a socket when its membership changes: a lower role applies at once, none closes it', () => {
		const state = room();
		join(state, 'a', 'admin');
		join(state, 'b', 'edit');
		const lowered = state.regrant('a', 'edit', 'gone');
		expect(framesTo(lowered, 'b')).toEqual([{ type: 'participant', participant: { key: 'user:a', name: 'a', role: 'edit', status: 'here', guest: false } }]);
		expect(framesTo(send(state, 'a', { type: 'op', id: 'k', op: { kind: 'kick', key: 'user:b' } }), 'a')).toContainEqual(expect.objectContaining({ type: 'error', code: 'forbidden' }));
		expect(state.regrant('a', 'edit', 'gone')).toEqual([]);
		expect(state.regrant('a', null, 'gone')).toEqual([{ type: 'close', to: 'a', code: 4403, reason: 'gone' }]);
	});

	it('rejects writes from a viewer and admin actions from an editor, and keeps serving', () => {
		const state = room();
		join(state, 'v', 'view');
		join(state, 'e', 'edit');
		expect(framesTo(send(state, 'v', prompt('x')), 'v')).toEqual([expect.objectContaining({ type: 'error', code: 'forbidden', id: 'x' })]);
		expect(framesTo(send(state, 'v', { type: 'typing', typing: true }), 'v')[0]).toMatchObject({ code: 'forbidden' });
		expect(framesTo(send(state, 'e', { type: 'op', id: 'k', op: { kind: 'kick', key: 'user:v' } }), 'e')[0]).toMatchObject({ code: 'forbidden' });
		expect(state.log.seq).toBe(0);
		expect(framesTo(send(state, 'e', prompt('ok')), 'v').some((f) => f.type === 'entry')).toBe(true);
	});

	it('resumes from a seq with exactly the entries after it, and refuses a seq from the future', () => {
		const state = room();
		join(state, 'a', 'edit');
		send(state, 'a', prompt('p1'));
		const replyId = state.log.streamingId!;
		state.appendDelta(replyId, 'Hel', 11);
		state.appendDelta(replyId, 'lo', 12);
		const resumed = framesTo(join(state, 'b', 'view', 'user:b', 2), 'b')[0];
		expect(resumed?.type === 'welcome' && resumed.entries?.map((e) => e.seq)).toEqual([3, 4]);
		const ahead = join(state, 'c', 'view', 'user:c', 99);
		expect(ahead).toContainEqual(expect.objectContaining({ type: 'close', to: 'c', code: 4409 }));
		expect(framesTo(ahead, 'c')[0]).toMatchObject({ type: 'error', code: 'seq_ahead' });
	});

	it('tells signed-in people who are not looking of a finished reply, never guests or those here', () => {
		const state = room();
		join(state, 'writer', 'edit');
		join(state, 'watcher', 'view');
		join(state, 'hidden', 'view');
		join(state, 'g', 'edit', 'guest:g');
		send(state, 'hidden', { type: 'presence', status: 'away' });
		send(state, 'writer', prompt('p1', 'Summarise'));
		const replyId = state.log.streamingId!;
		state.appendDelta(replyId, 'Three points.', 11);
		state.disconnect('writer');
		const notify = state.endReply(replyId, 'complete', 12).filter((e) => e.type === 'notify');
		expect(notify).toEqual([{ type: 'notify', userIds: ['owner', 'writer', 'hidden'], title: 'Plans', body: 'Three points.' }]);
		send(state, 'hidden', prompt('p2'));
		expect(state.endReply(state.log.streamingId!, 'error', 13, 'upstream failed').some((e) => e.type === 'notify')).toBe(false);
	});

	it('rebuilds the same state from its persisted entries', () => {
		const first = room();
		join(first, 'a', 'edit');
		const persisted: LogEntry[] = [];
		const keep = (effects: RoomEffect[]) => effects.forEach((e) => e.type === 'persist' && persisted.push(e.entry));
		keep(send(first, 'a', prompt('p1', 'Question')));
		const replyId = first.log.streamingId!;
		keep(first.appendDelta(replyId, 'Answer', 11));
		keep(first.endReply(replyId, 'complete', 12));
		keep(send(first, 'a', { type: 'op', id: 'r1', op: { kind: 'react', messageId: replyId, reaction: 'up' } }));
		const second = room(persisted);
		expect(second.log.snapshot()).toEqual(first.log.snapshot());
		expect(second.log.appliedSeq('user:a', 'p1')).toBe(1);
	});

	it('answers an oversized frame with too_large, then closes it with 1009, without touching the others', () => {
		const state = room();
		join(state, 'a', 'edit');
		join(state, 'b', 'edit');
		const effects = state.receive('a', 'x'.repeat(3_000), 10);
		expect(effects).toEqual([
			{ type: 'send', to: 'a', frame: { type: 'error', code: 'too_large', message: expect.stringContaining('at most 2000') } },
			{ type: 'close', to: 'a', code: 1009, reason: 'Frame larger than 2000 bytes.' }
		]);
		expect(framesTo(send(state, 'b', prompt('still-served')), 'b')).toContainEqual({ type: 'ack', id: 'still-served', seq: 1 });
	});

	it('drops a flood past the soft limit with one rate_limited warning, closes it at the hard limit, and serves the others', () => {
		const state = room(); // 10 frames a second are taken, the 15th closes the socket
		join(state, 'a', 'edit'); // hello at 0 is frame 1
		join(state, 'b', 'edit');
		for (let i = 2; i <= 10; i++) expect(send(state, 'a', { type: 'presence', status: 'here' }, 100 + i).length).toBeGreaterThan(0);
		// Frame 11: dropped (its op is not applied), and the socket is told once when to slow down.
		const warned = send(state, 'a', prompt('dropped'), 111);
		expect(warned).toEqual([
			{ type: 'send', to: 'a', frame: { type: 'error', code: 'rate_limited', message: expect.stringMatching(/at most 10 in 1 s.*next 1 s are dropped/) } }
		]);
		expect(state.log.seq).toBe(0);
		for (let i = 12; i <= 14; i++) expect(send(state, 'a', prompt(`dropped-${i}`), 100 + i)).toEqual([]);
		expect(state.log.seq).toBe(0);
		expect(send(state, 'a', { type: 'presence', status: 'here' }, 115)).toEqual([
			{ type: 'close', to: 'a', code: 1008, reason: 'Too many frames: at most 10 in 1 s.' }
		]);
		// The neighbour was never limited.
		expect(framesTo(send(state, 'b', prompt('b-ok'), 116), 'b')).toContainEqual({ type: 'ack', id: 'b-ok', seq: 1 });
	});

	it('takes frames again once a warned socket slows down, and warns it again on the next burst', () => {
		const state = room();
		join(state, 'a', 'edit');
		for (let i = 2; i <= 10; i++) send(state, 'a', { type: 'presence', status: 'here' }, 100 + i);
		expect(framesTo(send(state, 'a', { type: 'presence', status: 'here' }, 111), 'a')[0]).toMatchObject({ code: 'rate_limited' });
		// A second later the burst has left the window: the op is applied.
		expect(framesTo(send(state, 'a', prompt('later'), 1_200), 'a')).toContainEqual({ type: 'ack', id: 'later', seq: 1 });
		for (let i = 0; i < 9; i++) send(state, 'a', { type: 'presence', status: 'here' }, 1_300 + i);
		expect(framesTo(send(state, 'a', { type: 'presence', status: 'here' }, 1_310), 'a')[0]).toMatchObject({ code: 'rate_limited' });
	});

	it('refuses a notes update cut short or garbage with an error, leaving the notes as they were', () => {
		const state = room();
		join(state, 'a', 'edit');
		join(state, 'b', 'edit');
		const device = new Y.Doc();
		send(state, 'a', { type: 'op', id: 'n1', op: { kind: 'notes', update: changeOf(device, NOTES_TEXT, (t) => t.insert(0, 'hello')) } });
		const before = state.log.snapshot();
		expect(notesText(before.notes)).toBe('hello');
		const update = changeOf(device, NOTES_TEXT, (t) => t.insert(5, ' world'));
		const bytes = Uint8Array.from(atob(update), (c) => c.charCodeAt(0));
		for (const [id, bad] of [
			['cut', bytesToBase64(bytes.subarray(0, bytes.length - 1))],
			['garbage', bytesToBase64(new Uint8Array([1, 2, 3, 4, 5, 6]))],
			['not-base64', 'not base64!']
		] as const) {
			const effects = send(state, 'a', { type: 'op', id, op: { kind: 'notes', update: bad } });
			expect(effects).toEqual([
				{ type: 'send', to: 'a', frame: { type: 'error', code: 'invalid_frame', id, message: 'The notes update is not a valid Yjs update; the notes are unchanged.' } }
			]);
			expect(framesTo(effects, 'b')).toEqual([]);
		}
		expect(state.log.snapshot()).toEqual(before);
		expect(notesText(state.log.snapshot().notes)).toBe('hello');
		// The whole update still goes in afterwards.
		send(state, 'a', { type: 'op', id: 'n2', op: { kind: 'notes', update } });
		expect(notesText(state.log.snapshot().notes)).toBe('hello world');
	});

	it('merges two people editing the notes at once: both changes survive, one history entry each', () => {
		const persisted: LogEntry[] = [];
		const { state, keep } = roomWithReply(persisted);
		const alice = new Y.Doc();
		const bob = new Y.Doc();
		const seed = changeOf(alice, NOTES_TEXT, (t) => t.insert(0, 'Agenda'));
		keep(send(state, 'a', { type: 'op', id: 'n0', op: { kind: 'notes', update: seed } }));
		Y.applyUpdate(bob, Uint8Array.from(atob(seed), (c) => c.charCodeAt(0)));
		// Both change the same text before seeing each other's change.
		const fromAlice = changeOf(alice, NOTES_TEXT, (t) => t.insert(6, ': launch'));
		const fromBob = changeOf(bob, NOTES_TEXT, (t) => t.insert(0, 'Big '));
		keep(send(state, 'a', { type: 'op', id: 'n1', op: { kind: 'notes', update: fromAlice } }));
		const toViewer = framesTo(keep(send(state, 'b', { type: 'op', id: 'n2', op: { kind: 'notes', update: fromBob } })), 'v');
		expect(toViewer).toEqual([expect.objectContaining({ type: 'entry', entry: expect.objectContaining({ op: expect.objectContaining({ kind: 'notes', inserted: 'Big ' }) }) })]);
		const snapshot = state.log.snapshot();
		expect(notesText(snapshot.notes)).toBe('Big Agenda: launch');
		expect(snapshot.notesHistory.slice(1)).toEqual([
			{ seq: 6, author: { key: 'user:a', name: 'a' }, at: 10, inserted: ': launch', deleted: '' },
			{ seq: 7, author: { key: 'user:b', name: 'b' }, at: 10, inserted: 'Big ', deleted: '' }
		]);
		expect(room(persisted).log.snapshot()).toEqual(snapshot);
	});

	it('merges two people editing one message at once: both changes survive, with who changed what', () => {
		const persisted: LogEntry[] = [];
		const { state, replyId, keep } = roomWithReply(persisted);
		// Each device starts the message's text from its original content, the same way.
		const alice = seededDoc(MESSAGE_TEXT, 'Answer');
		const bob = seededDoc(MESSAGE_TEXT, 'Answer');
		const fromAlice = changeOf(alice, MESSAGE_TEXT, (t) => t.insert(6, ' with sources'));
		const fromBob = changeOf(bob, MESSAGE_TEXT, (t) => {
			t.delete(0, 1);
			t.insert(0, 'The a');
		});
		expect(framesTo(keep(send(state, 'a', editOp('e1', replyId, fromAlice))), 'a')).toContainEqual({ type: 'ack', id: 'e1', seq: 5 });
		const toViewer = framesTo(keep(send(state, 'b', editOp('e2', replyId, fromBob))), 'v');
		expect(toViewer).toEqual([
			{
				type: 'entry',
				entry: { seq: 6, at: 10, by: { key: 'user:b', name: 'b' }, clientOpId: 'e2', op: { kind: 'edit', messageId: replyId, update: fromBob, inserted: 'The a', deleted: 'A' } }
			}
		]);
		const snapshot = state.log.snapshot();
		expect(state.log.message(replyId)?.content).toBe('The answer with sources');
		expect(snapshot.messages.find((m) => m.id === replyId)?.content).toBe('The answer with sources');
		expect(snapshot.edits[replyId]?.history).toEqual([
			{ seq: 5, author: { key: 'user:a', name: 'a' }, at: 10, inserted: ' with sources', deleted: '' },
			{ seq: 6, author: { key: 'user:b', name: 'b' }, at: 10, inserted: 'The a', deleted: 'A' }
		]);
		// A newcomer's document from the snapshot holds the original content once, and merges a seed again as a no-op.
		const newcomer = new Y.Doc();
		Y.applyUpdate(newcomer, Uint8Array.from(atob(snapshot.edits[replyId]!.state), (c) => c.charCodeAt(0)));
		Y.applyUpdate(newcomer, Y.encodeStateAsUpdate(seededDoc(MESSAGE_TEXT, 'Answer')));
		expect(newcomer.getText(MESSAGE_TEXT).toString()).toBe('The answer with sources');
		// The next prompt's context carries the edited text.
		expect(send(state, 'a', prompt('p2', 'More')).find((e) => e.type === 'generate')).toMatchObject({
			messages: [{ role: 'user', content: 'Question' }, { role: 'assistant', content: 'The answer with sources' }, { role: 'user', content: 'More' }]
		});
		// Rebuilt from its log, the room has the same texts and histories.
		const rebuilt = room(persisted);
		expect(rebuilt.log.snapshot()).toEqual(snapshot);
		expect(rebuilt.log.message(replyId)?.content).toBe('The answer with sources');
	});

	it('refuses an edit that would make a message longer than a room message may be, keeping it as it was', () => {
		const state = room([], { maxFrameBytes: 600_000, floodFrames: 10, closeFrames: 15, floodWindowMs: 1_000 });
		join(state, 'a', 'edit');
		send(state, 'a', prompt('p1', 'Question'));
		const replyId = state.log.streamingId!;
		state.endReply(replyId, 'complete', 12);
		const doc = seededDoc(MESSAGE_TEXT, '');
		const chunk = 'x'.repeat(150_000);
		const results = [1, 2, 3].map((n) => framesTo(send(state, 'a', editOp(`big-${n}`, replyId, changeOf(doc, MESSAGE_TEXT, (t) => t.insert(0, chunk)))), 'a').at(-1));
		expect(results.slice(0, 2)).toEqual([expect.objectContaining({ type: 'ack' }), expect.objectContaining({ type: 'ack' })]);
		expect(results[2]).toEqual({ type: 'error', code: 'too_large', id: 'big-3', message: 'The edited message would be longer than 400000 characters; it is unchanged.' });
		expect(state.log.message(replyId)?.content).toHaveLength(300_000);
	});

	it('refuses to edit a message for a viewer, while it streams, when it is unknown, or with a bad update', () => {
		const { state, replyId } = roomWithReply();
		const update = changeOf(seededDoc(MESSAGE_TEXT, 'Answer'), MESSAGE_TEXT, (t) => t.insert(0, '!'));
		expect(framesTo(send(state, 'v', editOp('x1', replyId, update)), 'v')).toEqual([
			{ type: 'error', code: 'forbidden', id: 'x1', message: 'Your role (view) cannot edit in this room.' }
		]);
		expect(framesTo(send(state, 'a', editOp('x2', 'nope', update)), 'a')).toEqual([expect.objectContaining({ code: 'not_found', id: 'x2' })]);
		const cut = Uint8Array.from(atob(update), (c) => c.charCodeAt(0));
		expect(framesTo(send(state, 'a', editOp('x3', replyId, bytesToBase64(cut.subarray(0, cut.length - 1)))), 'a')).toEqual([
			{ type: 'error', code: 'invalid_frame', id: 'x3', message: 'The edit is not a valid Yjs update of this message; it is unchanged.' }
		]);
		send(state, 'a', prompt('p2', 'Next'));
		const streamingId = state.log.streamingId!;
		state.appendDelta(streamingId, 'Part', 13);
		const early = changeOf(seededDoc(MESSAGE_TEXT, 'Part'), MESSAGE_TEXT, (t) => t.insert(0, '!'));
		expect(framesTo(send(state, 'b', editOp('x4', streamingId, early)), 'b')).toEqual([
			{ type: 'error', code: 'conflict', id: 'x4', message: 'This message is still being written; only a complete message can be edited.' }
		]);
		expect(state.log.message(replyId)?.content).toBe('Answer');
		expect(state.log.message(streamingId)?.content).toBe('Part');
		expect(state.log.snapshot().edits).toEqual({});
	});

	it('answers a malformed frame with an error naming the problem', () => {
		const state = room();
		join(state, 'a', 'edit');
		expect(framesTo(state.receive('a', '{not json', 10), 'a')[0]).toMatchObject({ type: 'error', code: 'invalid_frame' });
		expect(framesTo(send(state, 'a', { type: 'op', id: 'x', op: { kind: 'prompt', text: '' } }), 'a')[0]).toMatchObject({
			code: 'invalid_frame',
			message: expect.stringContaining('op.text')
		});
	});

	it('lets an admin change a role (taking effect at once) and remove a participant', () => {
		const state = room();
		join(state, 'owner', 'admin', 'user:owner');
		join(state, 'v', 'view');
		send(state, 'owner', { type: 'op', id: 'r', op: { kind: 'role', key: 'user:v', role: 'edit' } });
		expect(state.participants().find((p) => p.key === 'user:v')?.role).toBe('edit');
		expect(framesTo(send(state, 'v', prompt('now-i-can')), 'v')).toContainEqual({ type: 'ack', id: 'now-i-can', seq: 2 });
		const kicked = send(state, 'owner', { type: 'op', id: 'k', op: { kind: 'kick', key: 'user:v' } });
		expect(kicked).toContainEqual(expect.objectContaining({ type: 'close', to: 'v', code: 4410 }));
		expect(state.connect({ connId: 'v2', key: 'user:v', name: 'v', guest: false, linkRole: 'edit', linkId: 'l1', status: 'here', welcomed: false })).toEqual([
			expect.objectContaining({ type: 'close', code: 4403 })
		]);
	});

	it('tracks presence (here/away) across two tabs of one person, and typing', () => {
		const state = room();
		join(state, 'a1', 'edit', 'user:a');
		join(state, 'a2', 'edit', 'user:a');
		join(state, 'b', 'view');
		send(state, 'a1', { type: 'presence', status: 'away' });
		expect(state.participants().find((p) => p.key === 'user:a')?.status).toBe('here');
		send(state, 'a2', { type: 'presence', status: 'away' });
		expect(state.participants().find((p) => p.key === 'user:a')?.status).toBe('away');
		expect(framesTo(send(state, 'a1', { type: 'typing', typing: true }), 'b')).toEqual([{ type: 'typing', key: 'user:a', name: 'a1', typing: true }]);
	});
});
