// RoomState without sockets or storage: frames in, effects out.
import { describe, expect, it } from 'vitest';
import type { LogEntry, RoomRole, ServerFrame } from '../../../../src/lib/protocol/room.ts';
import { RoomLog, type RoomMeta } from './roomLog.ts';
import { RoomState, type ConnectionInfo, type RoomEffect } from './roomState.ts';

const META: RoomMeta = { id: 'r1', title: 'Plans', model: 'openai/gpt-4o-mini', ownerKey: 'user:owner', createdAt: 1 };

function room(entries: LogEntry[] = [], limits = { maxFrameBytes: 2_000, floodFrames: 10, floodWindowMs: 1_000 }) {
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

	it('closes a socket that sends an oversized frame or floods, without touching the others', () => {
		const state = room();
		join(state, 'a', 'edit');
		join(state, 'b', 'edit');
		expect(state.receive('a', 'x'.repeat(3_000), 10)).toEqual([expect.objectContaining({ type: 'close', to: 'a', code: 1009 })]);
		let last: RoomEffect[] = [];
		for (let i = 0; i < 11; i++) last = send(state, 'b', { type: 'presence', status: 'here' }, 100 + i);
		expect(last).toEqual([expect.objectContaining({ type: 'close', to: 'b', code: 1008 })]);
		// After the window, a well-behaved pace is fine again.
		expect(send(state, 'b', { type: 'presence', status: 'away' }, 2_000).some((e) => e.type === 'close')).toBe(false);
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
