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
import type { ClientOp } from '../protocol/room.ts';
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
 * A write to a live room waiting for the room's acknowledgement (src/lib/db/roomOutbox.ts),
 * kept so a reload or a closed tab does not lose it; `id` is its client op id.
 */
export interface RoomOutboxRow {
	seq?: number;
	id: string;
	roomId: string;
	op: ClientOp;
	queuedAt: number;
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
	/** Live-room writes not acknowledged yet, per room, oldest first (src/lib/db/roomOutbox.ts). */
	roomOutbox!: EntityTable<RoomOutboxRow, 'seq'>;

	constructor(name = 'atrium') {
		super(name);
		// The whole schema in one declaration: Dexie (3+) upgrades a database of any older
		// version by comparing it with this one, so versions without an upgrade function need
		// not be kept, and each `version().stores()` re-parses every version before it (nine
		// of them took 20–35 ms of the page's first task; decision 0036). A new version that
		// changes tables adds them here and raises the number; one that must move data adds
		// a `this.version(N).upgrade()` of its own. Tables by the version that added them:
		// 1 conversations, messages, connections, settings, modelLists; 2 attachments,
		// documentChunks; 3 sendQueue; 4 outbox, syncClocks; 7 teamTemplates; 8 messageNotes,
		// contextSettings; 10 remoteFiles; 11 embeddings; 12 documentInsights; 13 roomOutbox.
		this.version(13).stores({
			conversations: 'id, updatedAt',
			messages: 'id, conversationId, status',
			connections: 'id, createdAt',
			settings: 'key',
			modelLists: 'key',
			attachments: 'id, conversationId, messageId',
			documentChunks: 'id, conversationId, attachmentId',
			sendQueue: 'id, conversationId, queuedAt',
			outbox: '++seq',
			syncClocks: 'key',
			teamTemplates: 'id, teamId',
			messageNotes: 'messageId, conversationId',
			contextSettings: 'conversationId',
			remoteFiles: 'id, messageId, conversationId',
			embeddings: 'id, conversationId, model',
			documentInsights: 'attachmentId, conversationId',
			roomOutbox: '++seq, &id, roomId'
		});
		deleteFilesWithConversations(this);
		deleteNotesWithConversations(this);
	}
}

let instance: AtriumDatabase | undefined;

/** The app's database, opened on first use. */
export function database(): AtriumDatabase {
	instance ??= new AtriumDatabase();
	return instance;
}
