// Choosing what to export: the visible path, or the messages the user ticked on it.
import type { MessageNode } from '../conversationTree.ts';
import type { ConversationWithMessages } from './types.ts';

/**
 * The nodes of `path` whose ids are in `selected`, in path order. With no selection the
 * whole path is kept.
 */
export function selectFromPath(path: readonly MessageNode[], selected?: ReadonlySet<string>): MessageNode[] {
	return selected ? path.filter((node) => selected.has(node.id)) : [...path];
}

/**
 * Re-links a list of nodes into one chain (each node's parent is the one before it), so a
 * selection with gaps is still a valid tree on its own.
 */
export function asChain(nodes: readonly MessageNode[]): MessageNode[] {
	return nodes.map((node, index) => ({ ...node, parentId: index === 0 ? null : (nodes[index - 1]?.id ?? null) }));
}

/** A file name for a title: letters, digits and dashes, never empty, at most 80 characters. */
export function exportFileName(title: string, extension: string): string {
	const stem = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\p{L}\p{N}]+/gu, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/, '');
	return `${stem || 'conversation'}.${extension}`;
}

/**
 * A selection of a conversation as a conversation of its own: the chosen nodes, chained
 * in path order, with the last one shown.
 */
export function selectionAsConversation(source: ConversationWithMessages, nodes: readonly MessageNode[]): ConversationWithMessages {
	const messages = asChain(nodes);
	return {
		conversation: { ...source.conversation, currentLeafId: messages[messages.length - 1]?.id ?? null },
		messages
	};
}
