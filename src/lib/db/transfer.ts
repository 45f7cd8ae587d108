// Storing imports and reading whole conversations for export. An import is one Dexie
// transaction: it lands whole or not at all.
import type { ConversationWithMessages } from '../core/export/types.ts';
import type { ImportedConversation, ImportedFile, ImportPlan } from '../core/import/types.ts';
import type { AttachmentRecord } from '../core/documents/types.ts';
import type { MessageNode } from '../core/conversationTree.ts';
import Dexie from 'dexie';
import { blobAttachOps } from '../sync/blobOps.ts';
import { conversationFields, messageNodeBody, recordOps, syncEnabled, syncTables, type UnstampedOp } from '../sync/localOps.ts';
import type { AtriumDatabase, Conversation } from './database.ts';

/** What to do with a conversation imported before: leave it out, or add it again as a copy. */
export type DuplicatePolicy = 'skip' | 'copy';

export interface ImportSummary {
	imported: number;
	skipped: number;
	messages: number;
	/** Id of the first conversation stored, to open after importing. */
	firstId: string | null;
}

const sourceKey = (source: { format: string; id: string }) => `${source.format}:${source.id}`;

/** Keys of the sources already in the database: stored ids and recorded import origins. */
async function knownSources(db: AtriumDatabase): Promise<Set<string>> {
	const keys = new Set<string>();
	await db.conversations.each((c) => {
		keys.add(sourceKey({ format: 'atrium', id: c.id }));
		if (c.importedFrom) keys.add(sourceKey(c.importedFrom));
	});
	return keys;
}

function keysOf(item: ImportedConversation): string[] {
	const keys = [sourceKey(item.source)];
	if (item.conversation.importedFrom) keys.push(sourceKey(item.conversation.importedFrom));
	return keys;
}

/** Titles of the conversations in `plan` that this browser already has. */
export async function findDuplicates(db: AtriumDatabase, plan: ImportPlan): Promise<string[]> {
	const known = await knownSources(db);
	const titles: string[] = [];
	for (const item of plan.conversations) {
		const keys = keysOf(item);
		if (keys.some((k) => known.has(k))) titles.push(item.conversation.title);
		for (const key of keys) known.add(key);
	}
	return titles;
}

/** The same conversation under fresh ids, so it cannot collide with what is stored. */
function withFreshIds(item: ImportedConversation, titleSuffix: string): ImportedConversation {
	const conversationId = crypto.randomUUID();
	const ids = new Map(item.messages.map((m) => [m.id, crypto.randomUUID()]));
	const remap = (id: string | null) => (id === null ? null : (ids.get(id) ?? null));
	return {
		source: item.source,
		conversation: {
			...item.conversation,
			id: conversationId,
			title: item.conversation.title + titleSuffix,
			currentLeafId: remap(item.conversation.currentLeafId),
			importedFrom: item.conversation.importedFrom ?? item.source
		},
		messages: item.messages.map((m) => ({ ...m, id: ids.get(m.id) as string, conversationId, parentId: remap(m.parentId) }))
	};
}

/**
 * Stores the plan's conversations in one transaction. A conversation seen before (same
 * source id, or an Atrium conversation whose id is already here) is skipped, or with
 * `copy` stored again under new ids with “ (copy)” after its title.
 */
export async function applyImport(db: AtriumDatabase, plan: ImportPlan, duplicates: DuplicatePolicy = 'skip'): Promise<ImportSummary> {
	return db.transaction('rw', [db.conversations, db.messages, db.attachments, ...syncTables(db)], async () => {
		const known = await knownSources(db);
		const summary: ImportSummary = { imported: 0, skipped: 0, messages: 0, firstId: null };
		for (const original of plan.conversations) {
			const keys = keysOf(original);
			let item = original;
			if (keys.some((k) => known.has(k))) {
				if (duplicates === 'skip') {
					summary.skipped += 1;
					continue;
				}
				item = withFreshIds(original, ' (copy)');
			} else if (original.source.format === 'atrium') {
				// Ids are kept so a round trip is exact, unless a message id is taken already.
				const taken = await db.messages.bulkGet(original.messages.map((m) => m.id));
				if (taken.some(Boolean)) item = withFreshIds(original, '');
			}
			for (const key of keys) known.add(key);
			const files = (plan.files ?? []).filter((file) => file.conversationId === original.conversation.id);
			let fileOps: UnstampedOp[] = [];
			if (files.length > 0) {
				const stored = await withFiles(db, original, item, files);
				item = stored.item;
				// Hashing thumbnails awaits Web Crypto; waitFor keeps the import's transaction open.
				if (await syncEnabled(db)) fileOps = await Dexie.waitFor(blobAttachOps(stored.records));
			}
			const conversation: Conversation = { ...item.conversation, messageCount: item.messages.length };
			await db.conversations.add(conversation);
			await db.messages.bulkAdd(item.messages);
			await recordOps(db, [
				{ type: 'conversation.set', conversationId: conversation.id, fields: conversationFields(conversation) },
				...item.messages.map((m) => ({ type: 'message.add' as const, message: messageNodeBody(m) })),
				// After the messages: other devices add a message, then its files.
				...fileOps
			]);
			summary.imported += 1;
			summary.messages += item.messages.length;
			summary.firstId ??= conversation.id;
		}
		return summary;
	});
}

/**
 * Stores the images that came with a conversation (in the caller's transaction) and points
 * its messages at them. They keep their ids unless the conversation was renamed or an id is
 * taken; thumbnails are the images themselves (at most 2048 px, drawn smaller).
 */
async function withFiles(
	db: AtriumDatabase,
	original: ImportedConversation,
	item: ImportedConversation,
	files: readonly ImportedFile[]
): Promise<{ item: ImportedConversation; records: AttachmentRecord[] }> {
	const messageIds = new Map(original.messages.map((m, i) => [m.id, item.messages[i]?.id ?? m.id]));
	const renamed = item !== original;
	const taken = await db.attachments.bulkGet(files.map((f) => f.ref.id));
	const newIds = new Map(files.map((f, i) => [f.ref.id, renamed || taken[i] ? crypto.randomUUID() : f.ref.id]));
	const created = new Map(item.messages.map((m) => [m.id, m.createdAt]));
	const records: AttachmentRecord[] = files.map((file) => {
		const messageId = messageIds.get(file.messageId) ?? file.messageId;
		const blob = new Blob([file.bytes], { type: file.ref.mimeType });
		return {
			...file.ref,
			id: newIds.get(file.ref.id) ?? file.ref.id,
			size: blob.size,
			conversationId: item.conversation.id,
			messageId,
			blob,
			thumbnail: blob,
			originalSize: blob.size,
			createdAt: created.get(messageId) ?? Date.now()
		};
	});
	await db.attachments.bulkAdd(records);
	const messages = item.messages.map((m) =>
		m.attachments ? { ...m, attachments: m.attachments.map((ref) => ({ ...ref, id: newIds.get(ref.id) ?? ref.id })) } : m
	);
	return { item: { ...item, messages }, records };
}

/** One conversation with every message node, or null when it is gone. */
export async function loadConversationForExport(db: AtriumDatabase, id: string): Promise<ConversationWithMessages | null> {
	const conversation = await db.conversations.get(id);
	if (!conversation) return null;
	const messages = await db.messages.where('conversationId').equals(id).toArray();
	return { conversation, messages };
}

/** Every conversation, newest first, for “export all”. */
export async function loadAllForExport(db: AtriumDatabase): Promise<ConversationWithMessages[]> {
	return db.transaction('r', db.conversations, db.messages, async () => {
		const conversations = await db.conversations.orderBy('updatedAt').reverse().toArray();
		const messages = await db.messages.toArray();
		const byConversation = new Map<string, MessageNode[]>();
		for (const m of messages) {
			const list = byConversation.get(m.conversationId);
			if (list) list.push(m);
			else byConversation.set(m.conversationId, [m]);
		}
		return conversations.map((conversation) => ({ conversation, messages: byConversation.get(conversation.id) ?? [] }));
	});
}

