import { describe, expect, it } from 'vitest';
import { importFixture, sequentialIds } from '../../../../tests/fixtures/imports/load.ts';
import { indexTree, pathToLeaf } from '../conversationTree.ts';
import { parseImportText } from './parseImport.ts';

describe('ChatGPT import', () => {
	const plan = parseImportText(importFixture('chatgpt-conversations.json'), sequentialIds());

	it('recognises conversations.json and reads every conversation', () => {
		expect(plan.format).toBe('chatgpt');
		expect(plan.conversations.map((c) => c.conversation.title)).toEqual(['Sourdough starter help', 'Regex for ISO dates']);
		expect(plan.conversations.map((c) => c.source)).toEqual([
			{ format: 'chatgpt', id: '6632a1f0-1111-4c7e-9d2b-aaaaaaaaaaaa' },
			{ format: 'chatgpt', id: '6632a1f0-2222-4c7e-9d2b-bbbbbbbbbbbb' }
		]);
	});

	it('keeps both branches of a regenerated reply and drops tool calls, tool output and hidden turns', () => {
		const first = plan.conversations[0];
		if (!first) throw new Error('missing');
		const tree = indexTree(first.messages);
		const [root] = tree.children.get(null) ?? [];
		expect(root?.content).toBe('My sourdough starter smells like nail polish. Is it dead?');
		const replies = tree.children.get(root?.id ?? '') ?? [];
		expect(replies.map((r) => r.content.slice(0, 20))).toEqual(['Not dead — **hungry*', 'It is almost certain']);
		expect(replies.every((r) => r.model === 'chatgpt::gpt-4o')).toBe(true);
		// The visible path follows current_node past the dropped python call and its output.
		const path = pathToLeaf(tree, first.conversation.currentLeafId);
		expect(path.map((n) => n.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
		expect(path[2]?.content).toBe('[image not imported]\nHere is a photo after feeding. How much should it rise?');
		expect(path[3]?.content).toBe('It should roughly **double** (to about 100 g) within 4–8 hours.');
		expect(path[3]?.parentId).toBe(path[2]?.id);
		expect(first.messages).toHaveLength(5);
		expect(plan.warnings).toEqual([
			'2 messages left out: tool calls, tool output and hidden or empty turns.',
			'1 attachment (images, files) left out: this version of Atrium imports text only.'
		]);
	});

	it('turns Unix seconds into milliseconds and keeps the title and times', () => {
		const first = plan.conversations[0]?.conversation;
		expect(first?.createdAt).toBe(1714560000123);
		expect(first?.updatedAt).toBe(1714563600500);
		expect(first?.importedFrom).toEqual({ format: 'chatgpt', id: '6632a1f0-1111-4c7e-9d2b-aaaaaaaaaaaa' });
		const firstMessage = plan.conversations[0]?.messages[0];
		expect(firstMessage?.createdAt).toBe(1714560010000);
		expect(firstMessage?.status).toBe('complete');
		expect(plan.conversations[1]?.messages[0]?.content).toBe('A regex for 2024-06-01, please, with "quotes", commas, and a\nnew line.');
	});

	it('refuses a node without its children list, naming the place', () => {
		expect(() => parseImportText(importFixture('chatgpt-missing-children.json'))).toThrow(
			/ChatGPT export, but some of it is missing or wrong:\n\[0\]\.mapping\.u\.children: missing \(expected array\)/
		);
	});

	it('refuses a mapping whose parent is not in the file', () => {
		const broken = [{ id: 'x', title: 'T', mapping: { a: { id: 'a', parent: 'ghost', children: [], message: null } } }];
		expect(() => parseImportText(JSON.stringify(broken))).toThrow('Conversation 1 (“T”): node "a" names parent "ghost", which is not in its mapping.');
	});

	it('refuses a loop in the children lists', () => {
		const loop = [
			{
				id: 'x',
				title: 'Loop',
				mapping: {
					r: { id: 'r', parent: null, children: ['a'], message: null },
					a: { id: 'a', parent: 'r', children: ['r'], message: null }
				}
			}
		];
		expect(() => parseImportText(JSON.stringify(loop))).toThrow(/Conversation 1 \(“Loop”\): message "r" is reached twice/);
	});
});
