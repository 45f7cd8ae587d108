// What sync does with ops beyond making them: stamping them with this device's hybrid
// logical clock into the outbox, following remote clocks, and turning sync on. Loaded only
// where sync is on (localOps.recordOps imports it inside the caller's transaction) or by the
// sync engine, which loads for a signed-in user: a signed-out browser never fetches it
// (decision 0022, round 4).
import { hlcNow, hlcReceive, initialHlc, parseHlc, randomNodeId, serializeHlc, type HlcTimestamp } from '../core/hlc.ts';
import { mergeFields } from '../core/ops.ts';
import { syncOpSchema, type SyncOp } from '../protocol/ops.ts';
import type { AtriumDatabase, SyncClockRow } from '../db/database.ts';
import { blobAttachOps } from './blobOps.ts';
import { ACCOUNT_KEY, CLOCK_KEY, ENABLED_KEY, conversationFields, conversationKey, messageKey, messageNodeBody, syncEnabled, syncTables, type UnstampedOp } from './localOps.ts';

/** This browser's data already syncs with another account, and must not leak into this one. */
export class SyncAccountError extends Error {
	override readonly name = 'SyncAccountError';
}

/** The entity an op writes to, with the fields (and their values) it sets. */
export function opTarget(op: SyncOp): { key: string; fields: Record<string, unknown> } | null {
	switch (op.type) {
		case 'conversation.set':
			return { key: conversationKey(op.conversationId), fields: op.fields };
		case 'conversation.delete':
			return null;
		case 'message.add':
			return { key: messageKey(op.message.id), fields: op.message };
		case 'message.set':
			return { key: messageKey(op.messageId), fields: { ...op.fields, id: op.messageId, conversationId: op.conversationId } };
		case 'blob.attach':
			return null;
	}
}

async function deviceClock(db: AtriumDatabase): Promise<HlcTimestamp> {
	const stored = (await db.settings.get(CLOCK_KEY))?.value as HlcTimestamp | undefined;
	return stored ?? initialHlc(randomNodeId());
}

/**
 * Stamps `ops`, queues them in the outbox and notes their clocks (localOps.recordOps, once
 * sync is on). Runs inside the caller's read-write transaction over the changed tables and
 * `syncTables(db)`; an op the wire schema refuses (a title over the limit) stays a local
 * change rather than blocking the outbox.
 */
export async function stampOps(db: AtriumDatabase, ops: readonly UnstampedOp[]): Promise<void> {
	let clock = await deviceClock(db);
	const stamped: SyncOp[] = [];
	for (const op of ops) {
		clock = hlcNow(clock, Date.now());
		const parsed = syncOpSchema.safeParse({ ...op, id: crypto.randomUUID(), hlc: serializeHlc(clock) });
		if (parsed.success) stamped.push(parsed.data);
	}
	await db.outbox.bulkAdd(stamped.map((op) => ({ op })));
	await noteClocks(db, stamped);
	await db.settings.put({ key: CLOCK_KEY, value: clock });
}

/** Moves this device's clock past a remote timestamp (a wildly wrong remote clock is ignored). */
export async function receiveClock(db: AtriumDatabase, remote: string): Promise<void> {
	try {
		const clock = hlcReceive(await deviceClock(db), parseHlc(remote), Date.now());
		await db.settings.put({ key: CLOCK_KEY, value: clock });
	} catch {
		// HlcError: the remote device's clock is far in the future; ours stays sane.
	}
}

async function noteClocks(db: AtriumDatabase, ops: readonly SyncOp[]): Promise<void> {
	for (const op of ops) {
		if (op.type === 'conversation.delete') {
			await db.syncClocks.put({ key: conversationKey(op.conversationId), clocks: { deleted: op.hlc } });
			continue;
		}
		const target = opTarget(op);
		if (!target) continue;
		const row: SyncClockRow = (await db.syncClocks.get(target.key)) ?? { key: target.key, clocks: {} };
		// Values live in the record itself; only the clocks matter for a local write.
		const merged = mergeFields({ values: {}, clocks: row.clocks }, target.fields, op.hlc);
		await db.syncClocks.put({ ...row, clocks: merged.record.clocks });
	}
}

/**
 * Turns sync on for this device and, the first time, queues everything stored before it,
 * so data made while signed out, or before sync existed, follows too. The first account
 * to sync owns this browser's data: another account is refused rather than sent it.
 */
export async function enableSync(db: AtriumDatabase, accountId?: string): Promise<void> {
	// Files stored before sync: their ops are made first (hashing thumbnails cannot run in the transaction).
	const files = (await syncEnabled(db)) ? [] : await blobAttachOps(await db.attachments.toArray());
	await db.transaction('rw', [db.conversations, db.messages, db.attachments, ...syncTables(db)], async () => {
		const owner = (await db.settings.get(ACCOUNT_KEY))?.value;
		if (accountId !== undefined && typeof owner === 'string' && owner !== accountId) {
			throw new SyncAccountError(
				"This browser's conversations already sync with another account, so they stay out of this one: sync is off here. Use another browser profile for this account."
			);
		}
		if (accountId !== undefined && owner === undefined) await db.settings.put({ key: ACCOUNT_KEY, value: accountId });
		if (await syncEnabled(db)) return;
		await db.settings.put({ key: ENABLED_KEY, value: true });
		const synced = new Set((await db.syncClocks.toCollection().primaryKeys()).map(String));
		const ops: UnstampedOp[] = [];
		for (const conversation of await db.conversations.toArray()) {
			if (synced.has(conversationKey(conversation.id))) continue;
			ops.push({ type: 'conversation.set', conversationId: conversation.id, fields: conversationFields(conversation) });
			const messages = await db.messages.where('conversationId').equals(conversation.id).sortBy('createdAt');
			for (const message of messages) ops.push({ type: 'message.add', message: messageNodeBody(message) });
			ops.push(...files.filter((op) => op.type === 'blob.attach' && op.conversationId === conversation.id));
		}
		if (ops.length > 0) await stampOps(db, ops);
	});
}
