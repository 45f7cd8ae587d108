import { describe, expect, it } from 'vitest';
import { indexTree, type MessageNode } from './conversationTree.ts';
import { preview, treeRows } from './treeRows.ts';

const msg = (id: string, parentId: string | null, at: number, content = id): MessageNode => ({
	id, conversationId: 'c', parentId, role: 'user', content, status: 'complete', createdAt: at, updatedAt: at
});

describe('tree view rows', () => {
	it('lists every node depth-first, indenting only at forks, and marks the visible path', () => {
		const tree = indexTree([
			msg('u1', null, 1),
			msg('r1', 'u1', 2),
			msg('u2', 'r1', 3),
			msg('r2', 'u2', 4),
			msg('r1b', 'u1', 5),
			msg('u2b', 'r1b', 6)
		]);
		const rows = treeRows(tree, 'r2');
		expect(rows.map((r) => [r.node.id, r.depth, `${r.branch.index}/${r.branch.total}`, r.onPath, r.current])).toEqual([
			['u1', 0, '1/1', true, false],
			['r1', 1, '1/2', true, false],
			['u2', 1, '1/1', true, false],
			['r2', 1, '1/1', true, true],
			['r1b', 1, '2/2', false, false],
			['u2b', 1, '1/1', false, false]
		]);
	});

	it('keeps a long single thread flat and handles thousands of nodes without recursion', () => {
		const nodes = Array.from({ length: 5000 }, (_, i) => msg(`m${i}`, i ? `m${i - 1}` : null, i));
		const rows = treeRows(indexTree(nodes), 'm4999');
		expect(rows).toHaveLength(5000);
		expect(rows.every((r) => r.depth === 0 && r.onPath)).toBe(true);
	});

	it('labels messages with their first words', () => {
		expect(preview('## Hello   **world**\n\nmore')).toBe('Hello world more');
		expect(preview('```js\nlet x\n```\nAfter')).toBe('[code] After');
		expect(preview('')).toBe('(empty)');
		expect(preview('word '.repeat(40), 20)).toBe('word word word word…');
	});
});
