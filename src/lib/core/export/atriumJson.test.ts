import { describe, expect, it } from 'vitest';
import { atriumExportSchema } from '../../protocol/exportFormat.ts';
import type { MessageNode } from '../conversationTree.ts';
import { serializeAtriumExport, toAtriumExport } from './atriumJson.ts';
import type { ConversationRecord } from './types.ts';

const conversation: ConversationRecord = {
	id: 'c1',
	title: 'Branches',
	titleSource: 'auto',
	systemPrompt: '',
	model: 'edge::openai/gpt-4o-mini',
	currentLeafId: 'a1b',
	createdAt: 1000,
	updatedAt: 5000
};
const messages: MessageNode[] = [
	{ id: 'a1b', conversationId: 'c1', parentId: 'u1', role: 'assistant', content: 'second', model: 'edge::openai/gpt-4o-mini', status: 'complete', reaction: 'down', createdAt: 3000, updatedAt: 3100 },
	{ id: 'u1', conversationId: 'c1', parentId: null, role: 'user', content: 'hi', status: 'complete', createdAt: 1000, updatedAt: 1000 },
	{ id: 'a1', conversationId: 'c1', parentId: 'u1', role: 'assistant', content: '', status: 'error', error: { code: 'network', message: 'offline' }, usage: { inputTokens: 3, outputTokens: 0 }, createdAt: 2000, updatedAt: 2000 }
];

describe('Atrium JSON export', () => {
	it('holds every branch, oldest first, and validates against its own schema', () => {
		const data = toAtriumExport([{ conversation, messages }], 42);
		expect(data).toMatchObject({ format: 'atrium.conversations', version: 1, exportedAt: 42 });
		const [exported] = data.conversations;
		expect(exported?.messages.map((m) => m.id)).toEqual(['u1', 'a1', 'a1b']);
		expect(exported?.messages[1]).toEqual({
			id: 'a1', parentId: 'u1', role: 'assistant', content: '', status: 'error',
			error: { code: 'network', message: 'offline' }, usage: { inputTokens: 3, outputTokens: 0 }, createdAt: 2000, updatedAt: 2000
		});
		expect(exported?.messages[2]?.reaction).toBe('down');
		expect(exported).not.toHaveProperty('messageCount');
		const parsed = atriumExportSchema.parse(JSON.parse(serializeAtriumExport(data)));
		expect(parsed).toEqual(data);
	});
});
