import 'fake-indexeddb/auto';
import { expose, wrap } from 'comlink';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildContext, type MessageNode } from '../../core/conversationTree.ts';
import { MESSAGE_OVERHEAD, REPLY_PRIMING } from '../../core/tokens.ts';
import { AtriumDatabase } from '../../db/database.ts';
import { saveSummary, setKeepLast, setPinned } from '../../db/notesWrite.ts';
import type { ModelGroup } from '../../providers/registry.ts';
import { createTokenCountService, loadCounter, type TokenCountService } from '../../workers/tokens/counting.ts';
import { fitRequest, planContext, planNow, planRequest, reportedWindow, withSummary, type ContextInputs } from './requestContext.ts';
import { TokenLedger } from './tokenLedger.ts';

let db: AtriumDatabase;
let ledger: TokenLedger;
const ports: MessagePort[] = [];
/** Held by a test to keep the "worker" from answering (a tokenizer still loading). */
let gate: Promise<void> = Promise.resolve();

/** The real counting service behind a MessageChannel, as the token worker serves it. */
function workerService(): TokenCountService {
	const { port1, port2 } = new MessageChannel();
	expose(createTokenCountService(), port1);
	ports.push(port1, port2);
	const remote = wrap<TokenCountService>(port2);
	return { count: async (encoding, texts) => (await gate, remote.count(encoding, texts)) };
}

beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
	const service = workerService();
	ledger = new TokenLedger(() => service);
	gate = Promise.resolve();
});
afterEach(async () => {
	await db.delete();
	for (const port of ports.splice(0)) port.close();
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
		const fitted = await fitRequest(db, conversation, path(5), 'edge::gpt-4o', undefined, ledger);
		expect(fitted.path.map((n) => n.id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
		expect(fitted.plan).toMatchObject({ window: 128_000, encoding: 'o200k_base', leftOut: 0 });
	});

	it('applies the stored keep-last-N and pins', async () => {
		await setKeepLast(db, 'c1', 2);
		await setPinned(db, { messageId: 'm0', conversationId: 'c1' }, true);
		const fitted = await fitRequest(db, conversation, path(7), 'edge::gpt-4o', undefined, ledger);
		expect(fitted.path.map((n) => n.id)).toEqual(['m0', 'm1', 'm4', 'm5', 'm6']);
		expect(fitted.plan.leftOut).toBe(2);
	});

	it('puts a stored summary after the system prompt in place of its turns', async () => {
		await saveSummary(db, 'c1', { throughId: 'm3', content: 'Earlier: numbers.', model: 'edge::x', messageCount: 4, createdAt: 1 });
		const fitted = await fitRequest(db, conversation, path(5), 'edge::gemini-2.5-flash', undefined, ledger);
		expect(fitted.plan.encoding).toBe('estimate');
		const messages = withSummary(buildContext(fitted.path, { systemPrompt: conversation.systemPrompt }), fitted.summary);
		expect(messages.map((m) => m.role)).toEqual(['system', 'system', 'user']);
		expect(messages[1]?.content).toContain('Earlier: numbers.');
		expect(messages[2]?.content).toBe('message number 4');
	});

	it('counts the tokens the model window and the reply reserve leave', async () => {
		const plan = await planContext({ path: path(3), systemPrompt: '', modelKey: 'x::unknown', keepLast: null, pinned: [], reportedWindow: 1_000 }, ledger);
		expect(plan).toMatchObject({ window: 1_000, knownWindow: true, budget: 750, uncounted: 0 });
		expect(plan.usedTokens).toBeGreaterThan(3 * 4);
	});
});

describe('counting in the token worker', () => {
	const wordy = (count: number) => path(count).map((node) => ({ ...node, content: `${node.content} ${'word '.repeat(40)}` }));
	const inputs = (nodes: MessageNode[]): ContextInputs => ({
		path: nodes,
		systemPrompt: 'Be brief.',
		modelKey: 'edge::gpt-4o',
		reportedWindow: 1_000,
		keepLast: null,
		pinned: []
	});

	it('counts exactly with the model’s encoding once the worker has counted', async () => {
		const nodes = wordy(3);
		const plan = await planContext(inputs(nodes), ledger);
		const o200k = await loadCounter('o200k_base');
		const expected = REPLY_PRIMING + [...nodes.map((n) => n.content), 'Be brief.'].reduce((sum, text) => sum + o200k(text) + MESSAGE_OVERHEAD, 0);
		expect(plan).toMatchObject({ encoding: 'o200k_base', uncounted: 0, usedTokens: expected });
	});

	it('sends the first request without waiting for the tokenizer, bounded so it fits the window', async () => {
		let release!: () => void;
		gate = new Promise((resolve) => (release = resolve));
		const nodes = wordy(6);
		// The worker has not answered: planRequest does not wait for it.
		const early = await planRequest(inputs(nodes), ledger);
		expect(early.uncounted).toBe(7);
		expect(early.usedTokens).toBeLessThanOrEqual(early.budget);
		expect(early.keep).toEqual(['m4', 'm5']);
		release();
		const exact = await planContext(inputs(nodes), ledger);
		// Exactly counted, the whole thread fits: the bound only ever leaves out more, never less.
		expect(exact.keep).toEqual(nodes.map((n) => n.id));
		expect(exact.uncounted).toBe(0);
		expect(exact.usedTokens).toBeLessThanOrEqual(exact.budget);
		// Once the tokenizer is loaded, a request waits the moment it takes to count a new message.
		const next = [...nodes, { ...nodes[0]!, id: 'm6', parentId: 'm5', content: 'one more question' }];
		expect(await planRequest(inputs(next), ledger)).toMatchObject({ uncounted: 0, keep: next.map((n) => n.id) });
	});

	it('shows an estimate while counting, marked as such', () => {
		const plan = planNow(inputs(wordy(2)), 'estimate', ledger);
		expect(plan.uncounted).toBe(3);
		expect(plan.encoding).toBe('o200k_base');
	});

	it('falls back to the estimate when the worker cannot count', async () => {
		const broken = new TokenLedger(() => ({ count: () => Promise.reject(new Error('no Worker')) }));
		const plan = await planContext(inputs(wordy(2)), broken);
		expect(plan).toMatchObject({ encoding: 'estimate', uncounted: 0 });
		expect((await fitRequest(db, conversation, path(3), 'edge::gpt-4o', undefined, broken)).path).toHaveLength(3);
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
