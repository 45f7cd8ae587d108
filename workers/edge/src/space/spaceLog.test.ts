// The Space's log logic, run inside the Durable Object (real SQLite storage) but without
// any request: sequence numbers, idempotent pushes, cursors, and state after eviction.
import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { SyncOp } from '../../../../src/lib/protocol/ops.ts';
import { SpaceLog } from './spaceLog.ts';
import type { Space } from './spaceObject.ts';

function renameOp(id: string, title: string, conversationId = 'c1'): SyncOp {
	return { id, hlc: `000000000001000-000000-${id.replace(/[^0-9a-z]/g, '') || 'a'}`, type: 'conversation.set', conversationId, fields: { title } };
}

const freshSpace = () => env.SPACE.get(env.SPACE.idFromName(`log-test-${crypto.randomUUID()}`));

describe('SpaceLog', () => {
	it('numbers new ops in order and gives a re-sent op the number it already has', async () => {
		await runInDurableObject(freshSpace(), (_instance: Space, state) => {
			const log = new SpaceLog(state.storage.sql);
			expect(log.push([renameOp('o1', 'a'), renameOp('o2', 'b')])).toEqual([
				{ id: 'o1', seq: 1, duplicate: false },
				{ id: 'o2', seq: 2, duplicate: false }
			]);
			expect(log.push([renameOp('o2', 'b'), renameOp('o3', 'c')])).toEqual([
				{ id: 'o2', seq: 2, duplicate: true },
				{ id: 'o3', seq: 3, duplicate: false }
			]);
			expect(log.head()).toBe(3);
		});
	});

	it('pulls after a cursor in pages, and says when more are waiting', async () => {
		await runInDurableObject(freshSpace(), (_instance: Space, state) => {
			const log = new SpaceLog(state.storage.sql);
			log.push(['o1', 'o2', 'o3'].map((id) => renameOp(id, id)));
			const first = log.pull(0, 2);
			expect(first).toMatchObject({ ok: true, cursor: 2, more: true });
			expect(first.ok && first.ops.map((o) => o.op.id)).toEqual(['o1', 'o2']);
			const rest = log.pull(2, 2);
			expect(rest).toMatchObject({ ok: true, cursor: 3, more: false });
			expect(log.pull(3, 2)).toEqual({ ok: true, ops: [], cursor: 3, more: false });
		});
	});

	it('ends a page early when the bodies pass the byte budget, but always returns one op', async () => {
		await runInDurableObject(freshSpace(), (_instance: Space, state) => {
			const log = new SpaceLog(state.storage.sql);
			log.push(['o1', 'o2', 'o3'].map((id) => renameOp(id, 'x'.repeat(100))));
			const page = log.pull(0, 10, 500);
			expect(page.ok && page.ops.map((o) => o.op.id)).toEqual(['o1', 'o2']);
			expect(page).toMatchObject({ cursor: 2, more: true });
			const tiny = log.pull(2, 10, 1);
			expect(tiny.ok && tiny.ops.map((o) => o.op.id)).toEqual(['o3']);
		});
	});

	it('refuses a cursor from the future', async () => {
		await runInDurableObject(freshSpace(), (_instance: Space, state) => {
			const log = new SpaceLog(state.storage.sql);
			log.push([renameOp('o1', 'a')]);
			expect(log.pull(7, 10)).toEqual({ ok: false, reason: 'cursor_ahead', head: 1 });
		});
	});

	it('keeps the log when the object is evicted, and keeps numbering after it', async () => {
		const stub = freshSpace();
		expect(await stub.push([renameOp('o1', 'a'), renameOp('o2', 'b')])).toHaveLength(2);
		await evictDurableObject(stub);
		expect(await stub.push([renameOp('o2', 'b'), renameOp('o3', 'c')])).toEqual([
			{ id: 'o2', seq: 2, duplicate: true },
			{ id: 'o3', seq: 3, duplicate: false }
		]);
		const pulled = await stub.pull(0, 10);
		expect(pulled.ok && pulled.ops.map((o) => [o.seq, o.op])).toEqual([
			[1, renameOp('o1', 'a')],
			[2, renameOp('o2', 'b')],
			[3, renameOp('o3', 'c')]
		]);
	});
});
