// The sync reducer: how operations change a replica. Every mutable field is a
// last-writer-wins register ordered by HLC, message nodes only grow, attachments are a
// grow-only set, and a deleted conversation stays deleted. Each rule is commutative,
// associative and idempotent, so any order of the same operations, with any repeats,
// gives the same state. The device store (src/lib/sync) applies ops through `mergeFields`
// too, so both follow one rule.
import type { BlobRef, SyncOp } from '../protocol/ops.ts';
import { compareHlc } from './hlc.ts';

/** One entity's synced fields, each with the HLC of the op that last set it. */
export interface LwwRecord {
	values: Record<string, unknown>;
	clocks: Record<string, string>;
}

export interface ReplicaState {
	conversations: Record<string, LwwRecord>;
	messages: Record<string, LwwRecord>;
	/** Attachments by message id, then by SHA-256. */
	attachments: Record<string, Record<string, BlobRef>>;
	/** Deleted conversations and the earliest HLC that deleted each. */
	deleted: Record<string, string>;
}

export function emptyReplica(): ReplicaState {
	return { conversations: {}, messages: {}, attachments: {}, deleted: {} };
}

/** Orders two values of one field deterministically, for the (rare) tie of equal clocks. */
function tieBreak(a: unknown, b: unknown): number {
	const x = JSON.stringify(a) ?? '';
	const y = JSON.stringify(b) ?? '';
	return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Merges `fields` written at `hlc` into `record`: a field changes when its clock is older
 * (or the clocks tie and the new value sorts later). Returns the same object when nothing
 * changed, and the names of the fields that did.
 */
export function mergeFields(
	record: LwwRecord | undefined,
	fields: Readonly<Record<string, unknown>>,
	hlc: string
): { record: LwwRecord; changed: string[] } {
	const current = record ?? { values: {}, clocks: {} };
	const changed: string[] = [];
	for (const [name, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		const clock = current.clocks[name];
		const order = clock === undefined ? 1 : compareHlc(hlc, clock);
		if (order > 0 || (order === 0 && tieBreak(value, current.values[name]) > 0)) changed.push(name);
	}
	if (changed.length === 0 && record) return { record, changed };
	const values = { ...current.values };
	const clocks = { ...current.clocks };
	for (const name of changed) {
		values[name] = fields[name];
		clocks[name] = hlc;
	}
	return { record: { values, clocks }, changed };
}

/** The conversation an op belongs to. */
export function conversationOf(op: SyncOp): string {
	return op.type === 'message.add' ? op.message.conversationId : op.conversationId;
}

/** Applies one op; returns a new state (the input is not changed). */
export function applyOp(state: ReplicaState, op: SyncOp): ReplicaState {
	switch (op.type) {
		case 'conversation.set': {
			const merged = mergeFields(state.conversations[op.conversationId], op.fields, op.hlc);
			return { ...state, conversations: { ...state.conversations, [op.conversationId]: merged.record } };
		}
		case 'conversation.delete': {
			const known = state.deleted[op.conversationId];
			if (known !== undefined && compareHlc(known, op.hlc) <= 0) return state;
			return { ...state, deleted: { ...state.deleted, [op.conversationId]: op.hlc } };
		}
		case 'message.add': {
			const merged = mergeFields(state.messages[op.message.id], op.message, op.hlc);
			return { ...state, messages: { ...state.messages, [op.message.id]: merged.record } };
		}
		case 'message.set': {
			const fields = { ...op.fields, id: op.messageId, conversationId: op.conversationId };
			const merged = mergeFields(state.messages[op.messageId], fields, op.hlc);
			return { ...state, messages: { ...state.messages, [op.messageId]: merged.record } };
		}
		case 'blob.attach': {
			const current = state.attachments[op.messageId] ?? {};
			if (current[op.blob.sha256]) return state;
			return { ...state, attachments: { ...state.attachments, [op.messageId]: { ...current, [op.blob.sha256]: op.blob } } };
		}
	}
}

export function applyOps(state: ReplicaState, ops: Iterable<SyncOp>): ReplicaState {
	let next = state;
	for (const op of ops) next = applyOp(next, op);
	return next;
}

export interface ReplicaView {
	conversations: Record<string, Record<string, unknown>>;
	messages: Record<string, Record<string, unknown>>;
	attachments: Record<string, BlobRef[]>;
}

/** Message fields a null clears (a removed reaction, a retried reply's old error); elsewhere null is a value. */
export const CLEARED_BY_NULL: ReadonlySet<string> = new Set(['reaction', 'error', 'usage']);

/** A conversation exists once its creation arrived; a message once it was added. */
export const isCreatedConversation = (record: LwwRecord): boolean => record.values.createdAt !== undefined;
export const isAddedMessage = (record: LwwRecord): boolean => record.values.parentId !== undefined;

/**
 * What a user sees: created conversations that are not deleted, and the added messages
 * and attachments of those. Cleared fields read as absent.
 */
export function materialize(state: ReplicaState): ReplicaView {
	const visible = (id: string) => {
		const record = state.conversations[id];
		return record !== undefined && isCreatedConversation(record) && state.deleted[id] === undefined;
	};
	const present = (values: Record<string, unknown>) =>
		Object.fromEntries(Object.entries(values).filter(([name, value]) => !(value === null && CLEARED_BY_NULL.has(name))));
	const view: ReplicaView = { conversations: {}, messages: {}, attachments: {} };
	for (const [id, record] of Object.entries(state.conversations)) {
		if (visible(id)) view.conversations[id] = present(record.values);
	}
	for (const [id, record] of Object.entries(state.messages)) {
		if (isAddedMessage(record) && visible(record.values.conversationId as string)) view.messages[id] = present(record.values);
	}
	for (const [messageId, blobs] of Object.entries(state.attachments)) {
		if (view.messages[messageId]) view.attachments[messageId] = Object.values(blobs).sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
	}
	return view;
}
