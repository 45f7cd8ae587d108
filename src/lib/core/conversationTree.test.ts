import { describe, expect, it } from 'vitest';
import {
	buildContext,
	indexTree,
	newestLeaf,
	pathToLeaf,
	siblingPosition,
	switchBranch,
	type MessageNode
} from './conversationTree.ts';

let clock = 0;
function node(id: string, parentId: string | null, role: MessageNode['role'], content = id, extra: Partial<MessageNode> = {}): MessageNode {
	clock += 1;
	return { id, conversationId: 'c', parentId, role, content, status: 'complete', createdAt: clock, updatedAt: clock, ...extra };
}

// u1 ─ a1 ─ u2 ─ a2
//           └ u2b ─ a2b   (an edit of u2)
//      └ a1b              (a regeneration of a1)
function sampleTree() {
	clock = 0;
	return indexTree([
		node('u1', null, 'user'),
		node('a1', 'u1', 'assistant'),
		node('u2', 'a1', 'user'),
		node('a2', 'u2', 'assistant'),
		node('a1b', 'u1', 'assistant'),
		node('u2b', 'a1', 'user'),
		node('a2b', 'u2b', 'assistant')
	]);
}

describe('conversation tree', () => {
	it('selects the path from root to a leaf', () => {
		const tree = sampleTree();
		expect(pathToLeaf(tree, 'a2').map((n) => n.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
		expect(pathToLeaf(tree, 'a2b').map((n) => n.id)).toEqual(['u1', 'a1', 'u2b', 'a2b']);
		expect(pathToLeaf(tree, 'missing')).toEqual([]);
	});

	it('opens on the newest branch when no leaf is saved', () => {
		// a1b is newer than a1, so the newest root path ends at it.
		expect(newestLeaf(sampleTree())).toBe('a1b');
		expect(newestLeaf(indexTree([]))).toBeNull();
	});

	it('reports the n/m position among siblings', () => {
		const tree = sampleTree();
		expect(siblingPosition(tree, tree.byId.get('u2')!)).toEqual({ index: 1, total: 2 });
		expect(siblingPosition(tree, tree.byId.get('u2b')!)).toEqual({ index: 2, total: 2 });
		expect(siblingPosition(tree, tree.byId.get('u1')!)).toEqual({ index: 1, total: 1 });
	});

	it('switches branches and follows the newest continuation', () => {
		const tree = sampleTree();
		expect(switchBranch(tree, 'u2', 1)).toBe('a2b');
		expect(switchBranch(tree, 'u2b', -1)).toBe('a2');
		expect(switchBranch(tree, 'u2', -1)).toBeNull();
		expect(switchBranch(tree, 'a1', 1)).toBe('a1b');
		expect(switchBranch(tree, 'a1b', -1)).toBe('a2b');
	});

	it('rejects a tree with a cycle instead of looping forever', () => {
		clock = 0;
		const tree = indexTree([node('x', 'y', 'user'), node('y', 'x', 'assistant')]);
		expect(() => pathToLeaf(tree, 'x')).toThrow(/cycle/);
	});
});

describe('context building', () => {
	it('puts the system prompt first and keeps the path in order', () => {
		const tree = sampleTree();
		const context = buildContext(pathToLeaf(tree, 'a2'), { systemPrompt: '  Be brief. ' });
		expect(context).toEqual([
			{ role: 'system', content: 'Be brief.' },
			{ role: 'user', content: 'u1' },
			{ role: 'assistant', content: 'a1' },
			{ role: 'user', content: 'u2' },
			{ role: 'assistant', content: 'a2' }
		]);
	});

	it('leaves out failed and empty assistant turns but keeps interrupted text', () => {
		clock = 0;
		const path = [
			node('u1', null, 'user', 'hi'),
			node('a1', 'u1', 'assistant', 'partial', { status: 'error' }),
			node('u2', 'a1', 'user', 'again'),
			node('a2', 'u2', 'assistant', '', { status: 'aborted' }),
			node('u3', 'a2', 'user', 'and'),
			node('a3', 'u3', 'assistant', 'half an answer', { status: 'interrupted' })
		];
		expect(buildContext(path).map((m) => m.content)).toEqual(['hi', 'again', 'and', 'half an answer']);
	});

	it('keeps only the last N messages when asked, and always the system prompt', () => {
		const tree = sampleTree();
		const context = buildContext(pathToLeaf(tree, 'a2'), { systemPrompt: 'S', maxMessages: 2 });
		expect(context.map((m) => m.content)).toEqual(['S', 'u2', 'a2']);
	});
});
