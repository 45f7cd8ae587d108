// What the exporters read: a conversation's stored fields and its message nodes. Kept
// structural so core does not depend on the database module.
import type { ConversationRecord } from '../conversation.ts';
import type { MessageNode } from '../conversationTree.ts';

export type { ConversationRecord } from '../conversation.ts';

/** A conversation with all of its message nodes (every branch). */
export interface ConversationWithMessages {
	conversation: ConversationRecord;
	messages: MessageNode[];
}

/** Who said a message, as a reader of an export should see it. */
export function speakerLabel(node: Pick<MessageNode, 'role' | 'model'>): string {
	if (node.role === 'user') return 'You';
	if (node.role === 'system') return 'System';
	const model = node.model?.split('::').pop();
	return model ? `Assistant (${model})` : 'Assistant';
}

/** `2024-05-01 10:00 UTC`: exports read the same wherever they are opened. */
export function formatTimestamp(ms: number): string {
	return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
