// The IndexedDB schema (Dexie 4): the source of truth on this device. The UI reads from
// here; the network only ever adds to it.
import { Dexie, type EntityTable } from 'dexie';
import type { ConversationRecord } from '../core/conversation.ts';
import type { MessageNode } from '../core/conversationTree.ts';
import type { AttachmentRecord, DocumentChunk } from '../core/documents/types.ts';
import type { EmbeddingRecord } from '../core/embeddings/types.ts';
import { deleteFilesWithConversations } from '../features/attachments/cleanup.ts';
import type { DocumentInsight } from '../features/documents/types.ts';
import type { ModelInfo } from '../protocol/chat.ts';
import type { SyncOp } from '../protocol/ops.ts';
import type { RemoteFileRow } from '../sync/remoteFiles.ts';
import type { TeamTemplate } from '../protocol/teams.ts';
import { deleteNotesWithConversations, type ContextSettingsRow, type MessageNotesRow } from './notes.ts';

export interface Conversation extends ConversationRecord {
	messageCount: number;
	/** Hidden from the main list, shown under Archived (synced as a field; not indexed). */
	archived?: boolean;
}

/** A model source the user configured in this browser. Keys never leave the browser. */
export interface Connection {
	id: string;
	kind: 'openai' | 'gemini';
	label: string;
	baseUrl: string;
	apiKey: string;
	enabled: boolean;
	createdAt: number;
}

export interface SettingRow {
	key: string;
	value: unknown;
}

export interface ModelListRow {
	key: string;
	models: ModelInfo[];
	fetchedAt: number;
}

/**
 * A message typed while offline, waiting to be sent (src/lib/features/pwa/sendQueue.ts).
 * Not a message node yet: it becomes one, with these ids, when it is sent.
 */
export interface QueuedMessage {
	/** The id its user node will have. */
	id: string;
	conversationId: string;
	/** Where it goes in the tree: the leaf when it was queued, or the reply to the message queued before it. */
	parentId: string | null;
	content: string;
	model: string;
	/** The id its reply will have, so a message queued after it can hang below that reply. */
	replyId: string;
	queuedAt: number;
}

/** A team's shared template as last fetched from the edge: read-only here, usable offline. */
export interface CachedTeamTemplate extends TeamTemplate {
	teamName: string;
}

/** A local change waiting to be pushed to the user's Space (src/lib/sync), oldest first. */
export interface OutboxRow {
	seq?: number;
	op: SyncOp;
}

/**
 * Per synced entity (`conversation:<id>`, `message:<id>`): the HLC that last set each
 * field, and the fields of an entity that cannot be shown yet (a change that arrived
 * before the entity itself).
 */
export interface SyncClockRow {
	key: string;
	clocks: Record<string, string>;
	parked?: Record<string, unknown>;
}

export class AtriumDatabase extends Dexie {
	conversations!: EntityTable<Conversation, 'id'>;
	messages!: EntityTable<MessageNode, 'id'>;
	connections!: EntityTable<Connection, 'id'>;
	settings!: EntityTable<SettingRow, 'key'>;
	modelLists!: EntityTable<ModelListRow, 'key'>;
	sendQueue!: EntityTable<QueuedMessage, 'id'>;
	outbox!: EntityTable<OutboxRow, 'seq'>;
	syncClocks!: EntityTable<SyncClockRow, 'key'>;
	/** Templates of the user's teams (src/lib/features/teams/teamTemplateCache.ts). */
	teamTemplates!: EntityTable<CachedTeamTemplate, 'id'>;
	/** Attached files as Blobs (never base64), referenced from user messages. */
	attachments!: EntityTable<AttachmentRecord, 'id'>;
	/** Document passages for retrieval, with their page numbers. */
	documentChunks!: EntityTable<DocumentChunk, 'id'>;
	/** Pins, notes and highlights on messages; context settings per conversation (decision 0017). */
	messageNotes!: EntityTable<MessageNotesRow, 'messageId'>;
	contextSettings!: EntityTable<ContextSettingsRow, 'conversationId'>;
	/** Attachments another device synced whose bytes are not here yet (src/lib/sync/remoteFiles.ts). */
	remoteFiles!: EntityTable<RemoteFileRow, 'id'>;
	/** Category and last JSON extraction of each document (decision 0024). */
	documentInsights!: EntityTable<DocumentInsight, 'attachmentId'>;
	/** Embedding vectors of messages and document passages, per model (decision 0023). */
	embeddings!: EntityTable<EmbeddingRecord, 'id'>;

	constructor(name = 'atrium') {
		super(name);
		this.version(1).stores({
			conversations: 'id, updatedAt',
			messages: 'id, conversationId, status',
			connections: 'id, createdAt',
			settings: 'key',
			modelLists: 'key'
		});
		this.version(2).stores({ attachments: 'id, conversationId, messageId', documentChunks: 'id, conversationId, attachmentId' });
		this.version(3).stores({ sendQueue: 'id, conversationId, queuedAt' });
		deleteFilesWithConversations(this);
		this.version(4).stores({ outbox: '++seq', syncClocks: 'key' });
		this.version(7).stores({ teamTemplates: 'id, teamId' });
		this.version(8).stores({ messageNotes: 'messageId, conversationId', contextSettings: 'conversationId' });
		deleteNotesWithConversations(this);
		this.version(10).stores({ remoteFiles: 'id, messageId, conversationId' });
		this.version(11).stores({ embeddings: 'id, conversationId, model' });
		this.version(12).stores({ documentInsights: 'attachmentId, conversationId' });
	}
}

let instance: AtriumDatabase | undefined;

/** The app's database, opened on first use. */
export function database(): AtriumDatabase {
	instance ??= new AtriumDatabase();
	return instance;
}
