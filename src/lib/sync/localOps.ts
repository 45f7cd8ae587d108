// Local writes become sync operations: the repositories (src/lib/db) call `recordOps` inside
// their own transaction, so a change and the op that carries it to other devices are
// stored together or not at all. Ops are stamped with this device's hybrid logical clock
// (opClock.ts, loaded only where sync is on: a signed-out browser's writes stop at the
// `syncEnabled` check, decision 0022 round 4).
import { Dexie, type Table } from 'dexie';
import type { MessageNode } from '../core/conversationTree.ts';
import type { ConversationFields, MessageNodeBody, SyncOp } from '../protocol/ops.ts';
import type { AtriumDatabase, Conversation } from '../db/database.ts';

/** An op before it gets its id and timestamp. */
export type UnstampedOp = SyncOp extends infer T ? (T extends SyncOp ? Omit<T, 'id' | 'hlc'> : never) : never;

export const CLOCK_KEY = 'sync.clock';
export const ENABLED_KEY = 'sync.enabled';
export const ACCOUNT_KEY = 'sync.account';

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
	// The clock and the op schemas load only where sync is on; waitFor keeps the caller's
	// transaction alive while the module arrives.
	const { stampOps } = await Dexie.waitFor(import('./opClock.ts'));
	await stampOps(db, ops);
}
