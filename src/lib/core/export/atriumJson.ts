// Atrium JSON export: whole conversations, every branch, in the versioned format of
// protocol/exportFormat.ts. The inverse lives in core/import/atrium.ts.
import type { MessageNode } from '../conversationTree.ts';
import {
	ATRIUM_EXPORT_FORMAT,
	ATRIUM_EXPORT_VERSION,
	type AtriumExport,
	type ExportConversation,
	type ExportMessage
} from '../../protocol/exportFormat.ts';
import { exportBlobs, type ExportImages } from './images.ts';
import type { ConversationWithMessages } from './types.ts';

export function toExportMessage(node: MessageNode): ExportMessage {
	const message: ExportMessage = {
		id: node.id,
		parentId: node.parentId,
		role: node.role,
		content: node.content,
		status: node.status,
		createdAt: node.createdAt,
		updatedAt: node.updatedAt
	};
	if (node.model !== undefined) message.model = node.model;
	if (node.error !== undefined) message.error = { ...node.error };
	if (node.usage !== undefined) message.usage = { ...node.usage };
	if (node.reaction !== undefined) message.reaction = node.reaction;
	// References here; the bytes, when exported, go once per file in the top-level `blobs`.
	if (node.attachments?.length) {
		message.attachments = node.attachments.map(({ id, name, mimeType, size, sha256 }) => ({ id, name, mimeType, size, sha256 }));
	}
	return message;
}

export function toExportConversation({ conversation, messages }: ConversationWithMessages): ExportConversation {
	const sorted = [...messages].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const exported: ExportConversation = {
		id: conversation.id,
		title: conversation.title,
		titleSource: conversation.titleSource,
		systemPrompt: conversation.systemPrompt,
		model: conversation.model,
		currentLeafId: conversation.currentLeafId,
		createdAt: conversation.createdAt,
		updatedAt: conversation.updatedAt,
		messages: sorted.map(toExportMessage)
	};
	if (conversation.importedFrom) exported.importedFrom = { ...conversation.importedFrom };
	return exported;
}

/** With `images` (non-empty), their bytes go in `blobs`; without, an import names them as left out. */
export function toAtriumExport(items: readonly ConversationWithMessages[], exportedAt = Date.now(), images?: ExportImages): AtriumExport {
	const data: AtriumExport = {
		format: ATRIUM_EXPORT_FORMAT,
		version: ATRIUM_EXPORT_VERSION,
		exportedAt,
		conversations: items.map(toExportConversation)
	};
	if (images && images.size > 0) data.blobs = exportBlobs(images);
	return data;
}

/** Pretty-printed with tabs: exports are meant to be readable and diffable. */
export function serializeAtriumExport(data: AtriumExport): string {
	return `${JSON.stringify(data, null, '\t')}\n`;
}
