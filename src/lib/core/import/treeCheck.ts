// Structural checks every imported conversation passes before anything is stored: ids are
// unique, every parent exists, and no node is its own ancestor.
import type { MessageNode } from '../conversationTree.ts';

/** What is wrong with the tree, or null when it is sound. */
export function treeProblem(messages: readonly Pick<MessageNode, 'id' | 'parentId'>[]): string | null {
	const parents = new Map<string, string | null>();
	for (const node of messages) {
		if (parents.has(node.id)) return `message id "${node.id}" appears twice`;
		parents.set(node.id, node.parentId);
	}
	for (const node of messages) {
		if (node.parentId !== null && !parents.has(node.parentId)) {
			return `message "${node.id}" names parent "${node.parentId}", which is not in the conversation`;
		}
	}
	// Walk up from each node; nodes already proven to reach a root are not walked again.
	const rooted = new Set<string>();
	for (const node of messages) {
		const trail = new Set<string>();
		let id: string | null = node.id;
		while (id !== null && !rooted.has(id)) {
			if (trail.has(id)) return `messages form a loop at "${id}"`;
			trail.add(id);
			id = parents.get(id) ?? null;
		}
		for (const seen of trail) rooted.add(seen);
	}
	return null;
}

/**
 * Unix time in seconds, milliseconds or microseconds to milliseconds. Foreign exports
 * disagree on the unit; present-day dates tell them apart.
 */
export function epochToMs(value: number): number {
	if (value > 1e14) return Math.round(value / 1000);
	if (value > 1e11) return Math.round(value);
	return Math.round(value * 1000);
}

/**
 * Makes siblings' times strictly increase in the order the source lists them, since
 * Atrium orders siblings by creation time.
 */
export function orderSiblings(messages: MessageNode[]): void {
	const lastByParent = new Map<string | null, number>();
	for (const node of messages) {
		const last = lastByParent.get(node.parentId);
		if (last !== undefined && node.createdAt <= last) {
			node.createdAt = last + 1;
			if (node.updatedAt < node.createdAt) node.updatedAt = node.createdAt;
		}
		lastByParent.set(node.parentId, node.createdAt);
	}
}
