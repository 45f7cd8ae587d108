// The conversation tree as rows for the tree view: depth-first, oldest branch first, and
// compact — a chain of single replies stays at one indent; only a fork indents its branches,
// so a 300-turn thread is a column, not a staircase.
import { pathToLeaf, type MessageNode, type TreeIndex } from './conversationTree.ts';

export interface TreeRow {
	node: MessageNode;
	/** Indent level: the number of forks above this node where it took a branch. */
	depth: number;
	/** 1-based position among its siblings, and how many there are. */
	branch: { index: number; total: number };
	/** On the visible path. */
	onPath: boolean;
	/** The visible path's last node. */
	current: boolean;
}

export function treeRows(tree: TreeIndex, currentLeafId: string | null | undefined): TreeRow[] {
	const onPath = new Set(pathToLeaf(tree, currentLeafId).map((n) => n.id));
	const rows: TreeRow[] = [];
	const roots = tree.children.get(null) ?? [];
	const stack: { node: MessageNode; depth: number; index: number; total: number }[] = [];
	const pushChildren = (kids: readonly MessageNode[], depth: number) => {
		for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] as MessageNode, depth, index: i + 1, total: kids.length });
	};
	pushChildren(roots, roots.length > 1 ? 1 : 0);
	while (stack.length > 0) {
		const { node, depth, index, total } = stack.pop() as (typeof stack)[number];
		rows.push({ node, depth, branch: { index, total }, onPath: onPath.has(node.id), current: node.id === currentLeafId });
		const kids = tree.children.get(node.id) ?? [];
		pushChildren(kids, kids.length > 1 ? depth + 1 : depth);
	}
	return rows;
}

/** The first words of a message on one line, for a label. */
export function preview(content: string, maxChars = 60): string {
	const flat = content
		.replace(/```[\s\S]*?(```|$)/g, ' [code] ')
		.replace(/[#>*_`~]+/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	if (!flat) return '(empty)';
	if (flat.length <= maxChars) return flat;
	const cut = flat.slice(0, maxChars);
	const space = cut.lastIndexOf(' ');
	return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
