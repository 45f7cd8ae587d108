// Forking: the path from the root to one message, copied under new ids into a conversation
// of its own. The original is untouched, as every node is immutable.
import type { MessageNode } from './conversationTree.ts';

export function forkTitle(title: string): string {
	return `${title} (fork)`;
}

/** Copies of `path` (root first) for `conversationId`, re-linked under fresh ids. */
export function copyPath(path: readonly MessageNode[], conversationId: string, newId: () => string = () => crypto.randomUUID()): MessageNode[] {
	let parentId: string | null = null;
	return path.map((node) => {
		const copy: MessageNode = {
			...node,
			id: newId(),
			conversationId,
			parentId,
			// A reply still streaming in the original is finished only there.
			status: node.status === 'streaming' ? 'interrupted' : node.status
		};
		parentId = copy.id;
		return copy;
	});
}
