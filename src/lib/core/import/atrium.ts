// Reads Atrium's own export back: the inverse of core/export/atriumJson.ts, checked so a
// damaged file is refused whole.
import type { MessageNode } from '../conversationTree.ts';
import type { AttachmentRef } from '../documents/types.ts';
import type { AtriumExport, ExportConversation } from '../../protocol/exportFormat.ts';
import { treeProblem } from './treeCheck.ts';
import { ImportError, type ImportedConversation, type ImportedFile, type ImportPlan } from './types.ts';

type Blobs = NonNullable<AtriumExport['blobs']>;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function toNode(conversationId: string, message: ExportConversation['messages'][number], files: ImportedFile[], blobs: Blobs): MessageNode {
	const node: MessageNode = {
		id: message.id,
		conversationId,
		parentId: message.parentId,
		role: message.role,
		content: message.content,
		status: message.status,
		createdAt: message.createdAt,
		updatedAt: message.updatedAt
	};
	if (message.model !== undefined) node.model = message.model;
	if (message.error !== undefined) node.error = { ...message.error };
	if (message.usage !== undefined) node.usage = { ...message.usage };
	if (message.reaction !== undefined) node.reaction = message.reaction;
	// Images whose bytes came in `blobs` are restored; other files are left out (a warning says how many).
	const refs: AttachmentRef[] = [];
	for (const attachment of message.attachments ?? []) {
		const blob = attachment.sha256 ? blobs[attachment.sha256] : undefined;
		if (!blob || !attachment.sha256 || !blob.mimeType.startsWith('image/')) continue;
		const ref: AttachmentRef = { id: attachment.id, kind: 'image', name: attachment.name, mimeType: blob.mimeType, size: attachment.size, sha256: attachment.sha256 };
		files.push({ conversationId, messageId: message.id, ref, bytes: decodeBase64(blob.base64, attachment.sha256) });
		refs.push(ref);
	}
	if (refs.length > 0) node.attachments = refs;
	return node;
}

function decodeBase64(text: string, key: string): Uint8Array<ArrayBuffer> {
	if (text.length % 4 !== 0 || !BASE64.test(text)) throw new ImportError('invalid', `blobs["${key}"].base64: not base64.`);
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

function toImported(conversation: ExportConversation, index: number, files: ImportedFile[], blobs: Blobs): ImportedConversation {
	const where = `Conversation ${index + 1} (“${conversation.title}”)`;
	const problem = treeProblem(conversation.messages);
	if (problem) throw new ImportError('invalid', `${where}: ${problem}.`);
	if (conversation.currentLeafId !== null && !conversation.messages.some((m) => m.id === conversation.currentLeafId)) {
		throw new ImportError('invalid', `${where}: currentLeafId "${conversation.currentLeafId}" is not one of its messages.`);
	}
	const { messages, importedFrom, ...fields } = conversation;
	return {
		source: { format: 'atrium', id: conversation.id },
		conversation: importedFrom ? { ...fields, importedFrom: { ...importedFrom } } : fields,
		messages: messages.map((m) => toNode(conversation.id, m, files, blobs))
	};
}

export function fromAtriumExport(data: AtriumExport): ImportPlan {
	const warnings: string[] = [];
	const files: ImportedFile[] = [];
	const blobs = data.blobs ?? {};
	const conversations = data.conversations.map((c, i) => toImported(c, i, files, blobs));
	const attachments = data.conversations.reduce((n, c) => n + c.messages.reduce((k, m) => k + (m.attachments?.length ?? 0), 0), 0);
	const leftOut = attachments - files.length;
	if (leftOut > 0) {
		warnings.push(
			`${leftOut} attachment${leftOut === 1 ? '' : 's'} left out: only images exported “with images” come back; other files are not in the export.`
		);
	}
	return { format: 'atrium', conversations, warnings, ...(files.length > 0 ? { files } : {}) };
}
