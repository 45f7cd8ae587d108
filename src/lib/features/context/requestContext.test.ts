import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildContext, type MessageNode } from '../../core/conversationTree.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { saveSummary, setKeepLast, setPinned } from '../../db/notes.ts';
import type { ModelGroup } from '../../providers/registry.ts';
import { fitRequest, planContext, reportedWindow, withSummary } from './requestContext.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

function path(count: number): MessageNode[] {
	return Array.from({ length: count }, (_, i) => ({
		id: `m${i}`,
		conversationId: 'c1',
		parentId: i ? `m${i - 1}` : null,
		role: i % 2 ? 'assistant' : 'user',
		content: `message number ${i}`,
		status: 'complete',
		createdAt: i,
		updatedAt: i
	}));
}

const conversation = { id: 'c1', systemPrompt: 'Be brief.' };

describe('fitRequest', () => {
	it('sends everything by default', async () => {
		const fitted = await fitRequest(db, conversation, path(5), 'edge::gpt-4o');
		expect(fitted.path.map((n) => n.id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
		expect(fitted.plan).toMatchObject({ window: 128_000, encoding: 'o200k_base', leftOut: 0 });
	});

	it('applies the stored keep-last-N and pins', async () => {
		await setKeepLast(db, 'c1', 2);
		await setPinned(db, { messageId: 'm0', conversationId: 'c1' }, true);
		const fitted = await fitRequest(db, conversation, path(7), 'edge::gpt-4o');
		expect(fitted.path.map((n) => n.id)).toEqual(['m0', 'm1', 'm4', 'm5', 'm6']);
		expect(fitted.plan.leftOut).toBe(2);
	});

	it('puts a stored summary after the system prompt in place of its turns', async () => {
		await saveSummary(db, 'c1', { throughId: 'm3', content: 'Earlier: numbers.', model: 'edge::x', messageCount: 4, createdAt: 1 });
		const fitted = await fitRequest(db, conversation, path(5), 'edge::gemini-2.5-flash');
		expect(fitted.plan.encoding).toBe('estimate');
		const messages = withSummary(buildContext(fitted.path, { systemPrompt: conversation.systemPrompt }), fitted.summary);
		expect(messages.map((m) => m.role)).toEqual(['system', 'system', 'user']);
		expect(messages[1]?.content).toContain('Earlier: numbers.');
		expect(messages[2]?.content).toBe('message number 4');
	});

	it('counts the tokens the model window and the reply reserve leave', async () => {
		const plan = await planContext({ path: path(3), systemPrompt: '', modelKey: 'x::unknown', keepLast: null, pinned: [], reportedWindow: 1_000 });
		expect(plan).toMatchObject({ window: 1_000, knownWindow: true, budget: 750 });
		expect(plan.usedTokens).toBeGreaterThan(3 * 4);
	});
});

describe('reportedWindow', () => {
	it('finds the window a source reported for a model key', () => {
		const capabilities = { streaming: true, vision: false, tools: false };
		const groups: ModelGroup[] = [
			{ connectionId: 'a', label: 'A', models: [{ key: 'a::m', connectionId: 'a', model: { id: 'm', name: 'm', source: 'openai', capabilities, contextWindow: 32_000 } }] }
		];
		expect(reportedWindow(groups, 'a::m')).toBe(32_000);
		expect(reportedWindow(groups, 'a::other')).toBeUndefined();
		expect(reportedWindow(groups, null)).toBeUndefined();
	});
});
