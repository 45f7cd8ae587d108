// A conversation is a tree of message nodes; the visible thread is one root-to-leaf path.
// Editing or regenerating adds a sibling, so nothing the user or a model wrote is lost.
import type { ChatMessage, ChatRole, ErrorCode } from '../protocol/chat.ts';
import type { AttachmentRef, Citation } from './documents/types.ts';

export type MessageStatus = 'complete' | 'streaming' | 'interrupted' | 'aborted' | 'error';

/** A user's verdict on an assistant reply. */
export type Reaction = 'up' | 'down';

export interface MessageNode {
	id: string;
	conversationId: string;
	parentId: string | null;
	role: ChatRole;
	content: string;
	/** Model key (`connection::model`) that produced an assistant node. */
	model?: string;
	status: MessageStatus;
	error?: { code: ErrorCode; message: string };
	usage?: { inputTokens: number; outputTokens: number };
	/** 👍/👎 on an assistant reply: one of the few mutable fields (last writer wins). */
	reaction?: Reaction;
	/** Files attached to a user message (bytes in the attachments table). */
	attachments?: AttachmentRef[];
	/** Document passages an assistant reply was given, shown as its sources. */
	citations?: Citation[];
	createdAt: number;
	updatedAt: number;
}

/** Children by parent id (`null` for roots), oldest first. */
export interface TreeIndex {
	readonly byId: ReadonlyMap<string, MessageNode>;
	readonly children: ReadonlyMap<string | null, readonly MessageNode[]>;
}

const byCreation = (a: MessageNode, b: MessageNode) =>
	a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function indexTree(nodes: Iterable<MessageNode>): TreeIndex {
	const byId = new Map<string, MessageNode>();
	const children = new Map<string | null, MessageNode[]>();
	for (const node of nodes) {
		byId.set(node.id, node);
		const siblings = children.get(node.parentId);
		if (siblings) siblings.push(node);
		else children.set(node.parentId, [node]);
	}
	for (const list of children.values()) list.sort(byCreation);
	return { byId, children };
}

/** The nodes from the root down to `leafId`, root first. Empty when the leaf is unknown. */
export function pathToLeaf(tree: TreeIndex, leafId: string | null | undefined): MessageNode[] {
	const path: MessageNode[] = [];
	const seen = new Set<string>();
	let current = leafId ? tree.byId.get(leafId) : undefined;
	while (current) {
		if (seen.has(current.id)) throw new Error(`Conversation tree has a cycle at ${current.id}`);
		seen.add(current.id);
		path.push(current);
		current = current.parentId ? tree.byId.get(current.parentId) : undefined;
	}
	return path.reverse();
}

/**
 * Follows the newest child from `nodeId` down to a leaf: switching to a branch shows
 * that branch's latest continuation.
 */
export function newestLeafFrom(tree: TreeIndex, nodeId: string): string {
	let id = nodeId;
	for (;;) {
		const kids = tree.children.get(id);
		const newest = kids?.[kids.length - 1];
		if (!newest) return id;
		id = newest.id;
	}
}

/** The newest leaf of the whole tree, used when a conversation has no saved leaf. */
export function newestLeaf(tree: TreeIndex): string | null {
	const roots = tree.children.get(null);
	const root = roots?.[roots.length - 1];
	return root ? newestLeafFrom(tree, root.id) : null;
}

export interface SiblingPosition {
	/** 1-based position among the node's siblings, oldest first. */
	index: number;
	total: number;
}

export function siblingPosition(tree: TreeIndex, node: MessageNode): SiblingPosition {
	const siblings = tree.children.get(node.parentId) ?? [node];
	return { index: siblings.findIndex((s) => s.id === node.id) + 1, total: siblings.length };
}

/**
 * The leaf to show after moving from `nodeId` to its previous (-1) or next (+1) sibling,
 * or null when there is no sibling that way.
 */
export function switchBranch(tree: TreeIndex, nodeId: string, direction: -1 | 1): string | null {
	const node = tree.byId.get(nodeId);
	if (!node) return null;
	const siblings = tree.children.get(node.parentId) ?? [];
	const target = siblings[siblings.findIndex((s) => s.id === nodeId) + direction];
	return target ? newestLeafFrom(tree, target.id) : null;
}

export interface ContextOptions {
	systemPrompt?: string;
	/** Keep only the last N messages of the path (the system prompt is always kept). */
	maxMessages?: number;
	/** What replaces a node's text or goes with it (its images, its documents' passages). */
	parts?: ReadonlyMap<string, Partial<Pick<ChatMessage, 'content' | 'images'>>>;
}

/**
 * The messages to send to a model for a path: the system prompt, then each node that
 * carries content. Failed or empty assistant turns are left out so a retry does not
 * feed the model its own error.
 */
export function buildContext(path: readonly MessageNode[], options: ContextOptions = {}): ChatMessage[] {
	let turns = path.filter(
		(node) => node.role !== 'assistant' || (node.content.length > 0 && node.status !== 'error')
	);
	if (options.maxMessages !== undefined && turns.length > options.maxMessages) {
		turns = turns.slice(turns.length - options.maxMessages);
	}
	const messages: ChatMessage[] = turns.map((node) => ({ role: node.role, content: node.content, ...options.parts?.get(node.id) }));
	const system = options.systemPrompt?.trim();
	return system ? [{ role: 'system', content: system }, ...messages] : messages;
}
