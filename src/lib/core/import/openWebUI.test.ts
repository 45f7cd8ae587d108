import { describe, expect, it } from 'vitest';
import { importFixture, sequentialIds } from '../../../../tests/fixtures/imports/load.ts';
import { indexTree, pathToLeaf } from '../conversationTree.ts';
import { parseImportText } from './parseImport.ts';

describe('Open WebUI import', () => {
	const plan = parseImportText(importFixture('openwebui-export.json'), sequentialIds());

	it('reads the history tree with both branches, the shown leaf and the models', () => {
		expect(plan.format).toBe('openwebui');
		const trip = plan.conversations[0];
		if (!trip) throw new Error('missing');
		expect(trip.conversation.title).toBe('Trip plan: Lisbon');
		expect(trip.source).toEqual({ format: 'openwebui', id: '0b9c7a54-6f6e-4f0b-9f43-5c1d2e3f4a5b' });
		const tree = indexTree(trip.messages);
		const [root] = tree.children.get(null) ?? [];
		const replies = tree.children.get(root?.id ?? '') ?? [];
		expect(replies.map((r) => r.model)).toEqual(['openwebui::llama3.1:8b', 'openwebui::qwen2.5:7b']);
		const path = pathToLeaf(tree, trip.conversation.currentLeafId);
		expect(path.map((n) => n.content.slice(0, 12))).toEqual(['Three days i', 'Day 1: Alfam', 'Is Sintra wo', 'Yes — Pena P']);
		expect(path[0]?.createdAt).toBe(1715000000000);
		expect(trip.conversation.createdAt).toBe(1715000000000);
		expect(trip.conversation.updatedAt).toBe(1715000105000);
		expect(plan.warnings).toContain('1 attachment (images, files) left out: this version of Atrium imports text only.');
	});

	it('reads an older chat that only has the linear message list', () => {
		const old = plan.conversations[1];
		expect(old?.messages.map((m) => [m.role, m.content])).toEqual([
			['user', 'Hello there'],
			['assistant', 'General Kenobi!']
		]);
		expect(old?.messages[1]?.parentId).toBe(old?.messages[0]?.id);
		expect(old?.conversation.currentLeafId).toBe(old?.messages[1]?.id);
	});

	it('refuses a message without content, naming the field', () => {
		expect(() => parseImportText(importFixture('openwebui-missing-content.json'))).toThrow(
			'This looks like an Open WebUI export, but some of it is missing or wrong:\n[0].chat.history.messages.m1.content: missing (expected string)'
		);
	});
});
