// Applies pulled operations to this device's database with the reducer's rule
// (`mergeFields`, src/lib/core/ops.ts): a field changes only when the op's clock is newer
// than the one that last set it. Writes go straight to the tables, never through the
// repositories, so applying a remote op queues nothing in the outbox.
import { CLEARED_BY_NULL, isAddedMessage, isCreatedConversation, mergeFields, type LwwRecord } from '../core/ops.ts';
import type { Table } from 'dexie';
import type { MessageNode } from '../core/conversationTree.ts';
import type { SyncOp } from '../protocol/ops.ts';
import type { AtriumDatabase, Conversation, SyncClockRow } from '../db/database.ts';
import { newConversation } from '../db/conversations.ts';
import { conversationKey } from './localOps.ts';
import { opTarget, receiveClock } from './opClock.ts';
import { applyBlobAttach, attachParked, forgetConversationFiles } from './remoteFiles.ts';

/** The tables `applyRemoteOps` writes; its caller's transaction must include them. */
export const remoteTables = (db: AtriumDatabase) => [db.conversations, db.messages, db.syncClocks, db.settings, db.attachments, db.remoteFiles];

/** A cleared field (null on the wire) is absent in the database. */
function toRecordChanges(values: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
	return Object.fromEntries(names.map((name) => [name, values[name] === null && CLEARED_BY_NULL.has(name) ? undefined : values[name]]));
}

async function isDeleted(db: AtriumDatabase, conversationId: string): Promise<boolean> {
	return (await db.syncClocks.get(conversationKey(conversationId)))?.clocks.deleted !== undefined;
}

async function deleteConversation(db: AtriumDatabase, id: string, hlc: string): Promise<void> {
	await db.messages.where('conversationId').equals(id).delete();
	await db.conversations.delete(id);
	await forgetConversationFiles(db, id);
	await db.syncClocks.put({ key: conversationKey(id), clocks: { deleted: hlc } });
}

async function recount(db: AtriumDatabase, conversationId: string): Promise<void> {
	const messageCount = await db.messages.where('conversationId').equals(conversationId).count();
	await db.conversations.update(conversationId, { messageCount });
}

/** Merges one op's fields into its entity; adds the entity once it can be shown. Says whether it changed. */
async function mergeInto(db: AtriumDatabase, op: SyncOp, key: string, fields: Record<string, unknown>): Promise<boolean> {
	const isConversation = key.startsWith('conversation:');
	const id = key.slice(key.indexOf(':') + 1);
	// Both tables are handled as field maps here: the op schema validated every field.
	const table = (isConversation ? db.conversations : db.messages) as unknown as Table<Record<string, unknown>, string>;
	const row: SyncClockRow = (await db.syncClocks.get(key)) ?? { key, clocks: {} };
	const stored = await table.get(id);
	const values: Record<string, unknown> = { ...row.parked };
	if (stored) for (const name of Object.keys(row.clocks)) values[name] = stored[name] === undefined && CLEARED_BY_NULL.has(name) ? null : stored[name];
	const current: LwwRecord = { values, clocks: row.clocks };
	const { record, changed } = mergeFields(current, fields, op.hlc);
	if (changed.length === 0) return false;

	if (stored) {
		await table.update(id, toRecordChanges(record.values, changed));
		await db.syncClocks.put({ key, clocks: record.clocks });
		return true;
	}
	const showable = isConversation ? isCreatedConversation(record) : isAddedMessage(record);
	if (!showable) {
		await db.syncClocks.put({ key, clocks: record.clocks, parked: record.values });
		return false;
	}
	const present = toRecordChanges(record.values, Object.keys(record.values));
	if (isConversation) {
		await db.conversations.add({ ...newConversation(), ...present, id, messageCount: 0 } as Conversation);
	} else {
		await db.messages.add(present as unknown as MessageNode);
		await attachParked(db, id);
	}
	await db.syncClocks.put({ key, clocks: record.clocks });
	return true;
}

/**
 * Applies `ops` in order. Must run inside a read-write transaction over
 * `remoteTables(db)`. Ops for deleted conversations are dropped; message counts follow.
 * Returns the ids of the conversations that changed.
 */
export async function applyRemoteOps(db: AtriumDatabase, ops: readonly SyncOp[]): Promise<Set<string>> {
	const touched = new Set<string>();
	for (const op of ops) {
		await receiveClock(db, op.hlc);
		const conversationId = op.type === 'message.add' ? op.message.conversationId : op.conversationId;
		if (await isDeleted(db, conversationId)) continue;
		if (op.type === 'blob.attach') {
			if (await applyBlobAttach(db, op)) touched.add(conversationId);
			continue;
		}
		if (op.type === 'conversation.delete') {
			await deleteConversation(db, conversationId, op.hlc);
			touched.add(conversationId);
			continue;
		}
		const target = opTarget(op);
		if (target && (await mergeInto(db, op, target.key, target.fields))) touched.add(conversationId);
	}
	for (const id of touched) if (await db.conversations.get(id)) await recount(db, id);
	return touched;
}
