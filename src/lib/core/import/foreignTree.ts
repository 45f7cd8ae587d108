// Builds Atrium message nodes from another product's message tree. Nodes Atrium does not
// show (tool calls, hidden system turns, empty placeholders) are dropped and their children
// attach to the nearest kept ancestor, so every branch the user saw survives.
import type { ChatRole } from '../../protocol/chat.ts';
import type { MessageNode } from '../conversationTree.ts';
import { ImportError } from './types.ts';

export interface ForeignNode {
	id: string;
	/** Children in the order the source lists them (oldest branch first). */
	children: readonly string[];
	/** What to keep of this node, or null to drop it. */
	kept: { role: ChatRole; content: string; model?: string; createdAt?: number } | null;
}

export interface ForeignTree {
	messages: MessageNode[];
	/** For each source node id, the id of the kept node that stands for it (itself or an ancestor). */
	standIn: Map<string, string | null>;
}

export function buildForeignTree(
	roots: readonly string[],
	nodes: ReadonlyMap<string, ForeignNode>,
	conversationId: string,
	startedAt: number,
	newId: () => string
): ForeignTree {
	const messages: MessageNode[] = [];
	const standIn = new Map<string, string | null>();
	const timeOf = new Map<string | null, number>([[null, startedAt]]);
	// Depth-first with an explicit stack: exported trees can be thousands of turns deep.
	const stack: { id: string; parent: string | null }[] = [...roots].reverse().map((id) => ({ id, parent: null }));
	while (stack.length > 0) {
		const { id, parent } = stack.pop() as { id: string; parent: string | null };
		if (standIn.has(id)) throw new ImportError('invalid', `message "${id}" is reached twice (the tree has a loop or a shared child)`);
		const node = nodes.get(id);
		if (!node) throw new ImportError('invalid', `message "${id}" is listed as a child but is not in the file`);
		let self = parent;
		if (node.kept) {
			self = newId();
			const createdAt = node.kept.createdAt ?? timeOf.get(parent) ?? startedAt;
			const message: MessageNode = {
				id: self,
				conversationId,
				parentId: parent,
				role: node.kept.role,
				content: node.kept.content,
				status: 'complete',
				createdAt,
				updatedAt: createdAt
			};
			if (node.kept.model) message.model = node.kept.model;
			messages.push(message);
			timeOf.set(self, createdAt);
		}
		standIn.set(id, self);
		for (let i = node.children.length - 1; i >= 0; i--) stack.push({ id: node.children[i] as string, parent: self });
	}
	return { messages, standIn };
}
