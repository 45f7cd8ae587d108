import { describe, expect, it } from 'vitest';
import { toExportMessage } from '../export/atriumJson.ts';
import { exportMessageSchema } from '../../protocol/exportFormat.ts';
import type { MessageNode } from '../conversationTree.ts';

describe('Atrium JSON export of a message with attachments', () => {
	it('writes the references decision 0007 reserved (no bytes), valid against the format', () => {
		const node: MessageNode = {
			id: 'm',
			conversationId: 'c',
			parentId: null,
			role: 'user',
			content: 'See the file',
			status: 'complete',
			createdAt: 1,
			updatedAt: 1,
			attachments: [{ id: 'a', kind: 'pdf', name: 'plan.pdf', mimeType: 'application/pdf', size: 1234, sha256: 'ab12', pages: 3 }]
		};
		const message = toExportMessage(node);
		expect(message.attachments).toEqual([{ id: 'a', name: 'plan.pdf', mimeType: 'application/pdf', size: 1234, sha256: 'ab12' }]);
		expect(exportMessageSchema.safeParse(message).success).toBe(true);
		expect(toExportMessage({ ...node, attachments: undefined }).attachments).toBeUndefined();
	});
});
