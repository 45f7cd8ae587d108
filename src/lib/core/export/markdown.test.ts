import { describe, expect, it } from 'vitest';
import type { MessageNode } from '../conversationTree.ts';
import { toMarkdown } from './markdown.ts';
import { asChain, exportFileName, selectFromPath, selectionAsConversation } from './selection.ts';
import type { ConversationRecord } from './types.ts';

const t0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const conversation: ConversationRecord = {
	id: 'c1',
	title: 'Sorting  in\nPython',
	titleSource: 'user',
	systemPrompt: 'Be brief.\nUse examples.',
	model: null,
	currentLeafId: 'a2',
	createdAt: t0,
	updatedAt: t0
};
const node = (id: string, parentId: string | null, role: MessageNode['role'], content: string, extra: Partial<MessageNode> = {}): MessageNode => ({
	id,
	conversationId: 'c1',
	parentId,
	role,
	content,
	status: 'complete',
	createdAt: t0,
	updatedAt: t0,
	...extra
});
const path = [
	node('u1', null, 'user', 'How do I sort a list?'),
	node('a1', 'u1', 'assistant', 'Use `sorted()`:\n\n```python\nsorted([3, 1, 2])\n```', { model: 'local::gpt-4o-mini' }),
	node('u2', 'a1', 'user', 'And in reverse?'),
	node('a2', 'u2', 'assistant', 'Pass `reverse=True`.')
];

describe('Markdown export', () => {
	it('has the title, the system prompt and a heading per speaker with the text as written', () => {
		const md = toMarkdown(conversation, path);
		expect(md.startsWith('# Sorting in Python\n')).toBe(true);
		expect(md).toContain('_Exported from Atrium · 4 messages · started 2024-05-01 10:00 UTC_');
		expect(md).toContain('> **System prompt**\n> Be brief.\n> Use examples.');
		expect(md).toContain('## You\n\n_2024-05-01 10:00 UTC_\n\nHow do I sort a list?');
		expect(md).toContain('## Assistant (gpt-4o-mini)\n\n_2024-05-01 10:00 UTC_\n\nUse `sorted()`:\n\n```python\nsorted([3, 1, 2])\n```');
		expect(md.match(/^## /gm)).toHaveLength(4);
		expect(md.endsWith('Pass `reverse=True`.\n')).toBe(true);
	});

	it('exports only the selected messages, in path order', () => {
		const chosen = selectFromPath(path, new Set(['a2', 'u1']));
		expect(chosen.map((n) => n.id)).toEqual(['u1', 'a2']);
		const md = toMarkdown(conversation, chosen);
		expect(md).toContain('2 messages');
		expect(md).not.toContain('And in reverse?');
		expect(selectFromPath(path)).toHaveLength(4);
	});

	it('a selection becomes a chain of its own for JSON', () => {
		const chain = asChain([path[0] as MessageNode, path[3] as MessageNode]);
		expect(chain.map((n) => [n.id, n.parentId])).toEqual([
			['u1', null],
			['a2', 'u1']
		]);
		const selected = selectionAsConversation({ conversation, messages: path }, [path[0] as MessageNode, path[3] as MessageNode]);
		expect(selected.conversation.currentLeafId).toBe('a2');
	});

	it('names files after the title, safely', () => {
		expect(exportFileName('Sorting in Python?', 'md')).toBe('Sorting-in-Python.md');
		expect(exportFileName('Crème brûlée / notes', 'pdf')).toBe('Creme-brulee-notes.pdf');
		expect(exportFileName('../../etc/passwd', 'csv')).toBe('etc-passwd.csv');
		expect(exportFileName('🙂', 'json')).toBe('conversation.json');
		expect(exportFileName('x'.repeat(300), 'md')).toHaveLength(83);
	});
});
