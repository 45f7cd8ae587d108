// A live room's unsent writes in IndexedDB: what an editor wrote while the room was out of
// reach survives a reload or a closed tab, and the next client of the room sends it with
// the same op ids (the room acknowledges each id once, so nothing is applied twice).
import { Dexie } from 'dexie';
import { clientOpSchema } from '../protocol/room.ts';
import type { QueuedRoomOp, RoomQueueStore } from '../sync/roomClient.ts';
import type { AtriumDatabase } from './database.ts';

/** The store a RoomClient of `roomId` keeps its waiting writes in. */
export function roomQueueStore(db: AtriumDatabase, roomId: string): RoomQueueStore {
	// One after another, so an op's removal (its ack) never overtakes its own save.
	let chain: Promise<unknown> = Promise.resolve();
	const serial = <T>(work: () => Promise<T>): Promise<T> => {
		const next = chain.then(work);
		chain = next.catch(() => undefined);
		return next;
	};
	return {
		load: () =>
			serial(async () => {
				const rows = await db.roomOutbox.where('roomId').equals(roomId).sortBy('seq');
				const ops: QueuedRoomOp[] = [];
				const unreadable: string[] = [];
				for (const row of rows) {
					// Written by an older version of the app, or altered: not sent.
					const op = clientOpSchema.safeParse(row.op);
					if (op.success) ops.push({ id: row.id, op: op.data });
					else unreadable.push(row.id);
				}
				if (unreadable.length > 0) await db.roomOutbox.where('id').anyOf(unreadable).delete();
				return ops;
			}),
		add: ({ id, op }) =>
			serial(async () => {
				try {
					await db.roomOutbox.add({ id, roomId, op, queuedAt: Date.now() });
				} catch (error) {
					// Saved already (the id is unique): once is enough.
					if (!(error instanceof Dexie.ConstraintError)) throw error;
				}
			}),
		remove: (id) =>
			serial(async () => {
				await db.roomOutbox.where('id').equals(id).delete();
			})
	};
}
