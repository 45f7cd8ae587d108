// Reads Atrium's own export back: the inverse of core/export/atriumJson.ts, checked so a
// damaged file is refused whole.
import type { MessageNode } from '../conversationTree.ts';
import type { AtriumExport, ExportConversation } from '../../protocol/exportFormat.ts';
import { treeProblem } from './treeCheck.ts';
import { ImportError, type ImportedConversation, type ImportPlan } from './types.ts';

function toNode(conversationId: string, message: ExportConversation['messages'][number]): MessageNode {
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
	return node;
}

function toImported(conversation: ExportConversation, index: number): ImportedConversation {
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
		messages: messages.map((m) => toNode(conversation.id, m))
	};
}

export function fromAtriumExport(data: AtriumExport): ImportPlan {
	const warnings: string[] = [];
	const attachments = data.conversations.reduce(
		(n, c) => n + c.messages.reduce((k, m) => k + (m.attachments?.length ?? 0), 0),
		0
	);
	if (attachments > 0) {
		warnings.push(`${attachments} attachment${attachments === 1 ? '' : 's'} left out: this version of Atrium imports text only.`);
	}
	return { format: 'atrium', conversations: data.conversations.map(toImported), warnings };
}
