// Local writes become sync operations: the repositories (src/lib/db) call `recordOps` inside
// their own transaction, so a change and the op that carries it to other devices are
// stored together or not at all. Ops are stamped with this device's hybrid logical clock.
import { Dexie, type Table } from 'dexie';
import type { MessageNode } from '../core/conversationTree.ts';
import { hlcNow, hlcReceive, initialHlc, parseHlc, randomNodeId, serializeHlc, type HlcTimestamp } from '../core/hlc.ts';
import { mergeFields } from '../core/ops.ts';
import type { ConversationFields, MessageNodeBody, SyncOp } from '../protocol/ops.ts';
import type { AtriumDatabase, Conversation, SyncClockRow } from '../db/database.ts';
import { blobAttachOps } from './blobOps.ts';

/** An op before it gets its id and timestamp. */
export type UnstampedOp = SyncOp extends infer T ? (T extends SyncOp ? Omit<T, 'id' | 'hlc'> : never) : never;

const CLOCK_KEY = 'sync.clock';
const ENABLED_KEY = 'sync.enabled';
const ACCOUNT_KEY = 'sync.account';

/** This browser's data already syncs with another account, and must not leak into this one. */
export class SyncAccountError extends Error {
	override readonly name = 'SyncAccountError';
}

/** The tables a transaction that records ops must include, besides the ones it changes. */
export function syncTables(db: AtriumDatabase): Table[] {
	return [db.outbox, db.syncClocks, db.settings];
}

export const conversationKey = (id: string) => `conversation:${id}`;
export const messageKey = (id: string) => `message:${id}`;

const CONVERSATION_FIELDS = ['title', 'titleSource', 'systemPrompt', 'model', 'currentLeafId', 'pinned', 'archived', 'tags', 'createdAt', 'updatedAt'] as const;

/** The synced fields among `changes` (local-only bookkeeping such as messageCount stays here). */
export function conversationFields(changes: Readonly<Partial<Conversation>>): ConversationFields {
	// Read by name: pinned, archived and tags are synced wherever a feature stores them.
	const source = changes as Readonly<Record<string, unknown>>;
	const fields: Record<string, unknown> = {};
	for (const name of CONVERSATION_FIELDS) if (source[name] !== undefined) fields[name] = source[name];
	return fields as ConversationFields;
}

/** A node as `message.add` carries it: its place in the tree plus its current body. */
export function messageNodeBody(node: MessageNode): MessageNodeBody {
	const body: MessageNodeBody = {
		id: node.id,
		conversationId: node.conversationId,
		parentId: node.parentId,
		role: node.role,
		content: node.content,
		status: node.status,
		createdAt: node.createdAt,
		updatedAt: node.updatedAt
	};
	if (node.model !== undefined) body.model = node.model;
	if (node.error) body.error = node.error;
	if (node.usage) body.usage = node.usage;
	if (node.reaction) body.reaction = node.reaction;
	return body;
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

/** Whether this device records its changes for sync (on once an account has synced here). */
export async function syncEnabled(db: AtriumDatabase): Promise<boolean> {
	return (await db.settings.get(ENABLED_KEY))?.value === true;
}

/**
 * Stamps `ops`, queues them in the outbox and notes their clocks. Must run inside a
 * read-write transaction over the changed tables and `syncTables(db)`. Does nothing until
 * sync is enabled on this device; an op the wire schema refuses (a title over the limit)
 * stays a local change rather than blocking the outbox.
 */
export async function recordOps(db: AtriumDatabase, ops: readonly UnstampedOp[]): Promise<void> {
	if (ops.length === 0 || !(await syncEnabled(db))) return;
	// The op schemas load only where sync is on (decision 0022); waitFor keeps the caller's
	// transaction alive while the module arrives.
	const { syncOpSchema } = await Dexie.waitFor(import('../protocol/ops.ts'));
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
		await recordOps(db, ops);
	});
}
