import { expose, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageNode } from '../../core/conversationTree.ts';
import { MESSAGE_OVERHEAD, REPLY_PRIMING, type Encoding } from '../../core/tokens.ts';
import { budgetRequest, planBudget, type BudgetInputs } from '../../features/context/budgetClient.ts';
import { planContext, planRequest } from '../../features/context/requestContext.ts';
import { TokenLedger } from '../../features/context/tokenLedger.ts';
import { getBudgetService } from '../tokensClient.ts';
import { createTokenCountService, createWorkerCounts, loadCounter, type TokenCountService } from './counting.ts';
import { createBudgetService, type BudgetService, type BudgetView } from './planning.ts';

const ports: MessagePort[] = [];
afterEach(() => {
	for (const port of ports.splice(0)) port.close();
});

/** The token worker's two services behind a MessageChannel, sharing their counts as in tokens.worker.ts. */
function tokenWorker(): { budget: BudgetService; counting: TokenCountService; batches: string[][] } {
	const { port1, port2 } = new MessageChannel();
	const counts = createWorkerCounts();
	expose({ ...createTokenCountService(counts), ...createBudgetService(counts) }, port1);
	ports.push(port1, port2);
	const remote = wrap<BudgetService & TokenCountService>(port2);
	const batches: string[][] = [];
	return {
		budget: { plan: (request, wait) => remote.plan(request, wait) },
		counting: { count: (encoding, texts, keys) => (batches.push(texts), remote.count(encoding, texts, keys)) },
		batches
	};
}

function path(count: number, words = 40): MessageNode[] {
	return Array.from({ length: count }, (_, i) => ({
		id: `m${i}`,
		conversationId: 'c1',
		parentId: i ? `m${i - 1}` : null,
		role: i % 2 ? 'assistant' : 'user',
		content: `message number ${i} ${'word '.repeat(words)}`,
		status: 'complete',
		createdAt: i,
		updatedAt: i
	}));
}

function inputs(overrides: Partial<BudgetInputs> = {}): BudgetInputs {
	return { path: path(6), systemPrompt: 'Be brief.', modelKey: 'edge::gpt-4o', keepLast: null, pinned: [], summary: null, pendingTokens: 1, ...overrides };
}

/** What the send path's planner makes of the same inputs, every count known. */
async function sendPathPlan(input: BudgetInputs): Promise<BudgetView> {
	const ledger = new TokenLedger(() => createTokenCountService());
	const { keep: _keep, ...view } = await planContext({ ...input }, ledger);
	return view;
}

describe('the budget line’s plan, in the token worker', () => {
	// First in the file: cl100k_base is not loaded yet.
	it('answers at once with estimates while the tokenizer loads, then exactly', async () => {
		const { budget } = tokenWorker();
		const request = budgetRequest(inputs({ modelKey: 'edge::gpt-4-0613' }));
		const now = await budget.plan(request, false);
		expect(now).toMatchObject({ encoding: 'cl100k_base', uncounted: 7, window: 8_192 });
		const exact = await budget.plan(request, true);
		const cl100k = await loadCounter('cl100k_base');
		const texts = [...request.path.map((node) => node.content), 'Be brief.'];
		const expected = REPLY_PRIMING + 1 + texts.reduce((sum, text) => sum + cl100k(text) + MESSAGE_OVERHEAD, 0);
		expect(exact).toMatchObject({ encoding: 'cl100k_base', uncounted: 0, usedTokens: expected, leftOut: 0 });
		expect(exact).not.toHaveProperty('keep');
		// Counted now: a plan that does not wait is exact too.
		expect(await budget.plan(request, false)).toEqual(exact);
	});

	it('shows what planBudget gets: the estimate first while counting, then the exact plan', async () => {
		const { budget } = tokenWorker();
		const shown: BudgetView[] = [];
		await planBudget(budgetRequest(inputs({ path: path(4, 7) })), (view) => shown.push(view), { service: budget });
		// o200k_base may be loaded already by another test; either way the last one shown is exact.
		expect(shown.at(-1)).toMatchObject({ encoding: 'o200k_base', uncounted: 0 });
		expect(shown.length === 1 || shown[0]!.uncounted > 0).toBe(true);
		shown.length = 0;
		await planBudget(budgetRequest(inputs({ path: path(4, 7) })), (view) => shown.push(view), { service: budget });
		expect(shown).toHaveLength(1);
	});

	it('agrees with the send path’s plan: pins, keep-last-N, the summary and the window', async () => {
		const { budget } = tokenWorker();
		const cases: BudgetInputs[] = [
			inputs(),
			inputs({ keepLast: 2, pinned: ['m0'] }),
			inputs({ reportedWindow: 900 }),
			inputs({ summary: { throughId: 'm1', content: 'Earlier: numbers.', model: 'edge::x', messageCount: 2, createdAt: 1 } }),
			inputs({ modelKey: 'edge::gemini-2.5-flash', systemPrompt: '' }),
			inputs({ modelKey: null, path: path(30) })
		];
		for (const input of cases) {
			const request = budgetRequest(input);
			await budget.plan(request, true);
			expect(await budget.plan(request, false)).toEqual(await sendPathPlan(input));
		}
	});

	it('says when the conversation does not fit: earlier messages left out, near and over the limit', async () => {
		const { budget } = tokenWorker();
		const small = await budget.plan(budgetRequest(inputs({ reportedWindow: 400 })), true);
		expect(small).toMatchObject({ window: 400, budget: 300, overBudget: false });
		expect(small.leftOut).toBeGreaterThan(0);
		expect(small.leftOutIds.slice(0, 2)).toEqual(['m0', 'm1']);
		expect(small.usedTokens).toBeLessThanOrEqual(small.budget);
		// A pinned turn that cannot fit is sent anyway, and the plan says it is over.
		const over = await budget.plan(budgetRequest(inputs({ reportedWindow: 200, pinned: ['m0', 'm2'] })), true);
		expect(over.overBudget).toBe(true);
		expect(over.usedTokens).toBeGreaterThan(over.budget);
	});

	it('keeps the counts for the send path: a send after the budget counted waits only a round trip, and counts nothing again', async () => {
		const { budget, counting, batches } = tokenWorker();
		const input = inputs({ reportedWindow: 2_000 });
		const view = await budget.plan(budgetRequest(input), true);
		// The ledger has counted nothing, but the worker has the encoding loaded (tokensClient tells it so).
		const ledger = new TokenLedger(() => counting, Date.now, (encoding: Encoding) => encoding === view.encoding);
		const plan = await planRequest({ ...input, pendingTokens: 0 }, ledger);
		expect(plan).toMatchObject({ uncounted: 0, usedTokens: view.usedTokens - 1, leftOut: view.leftOut });
		// The texts went with their keys, and the worker answered from the counts the plan left.
		expect(batches).toHaveLength(1);
		const again = await counting.count(view.encoding, ['not the text counted'], ['m|m0|0|' + input.path[0]!.content.length]);
		expect(again).toEqual([await loadCounter('o200k_base').then((count) => count(input.path[0]!.content))]);
	});

	it('sends the worker plain data: no reactive proxies, only what a plan reads', () => {
		const node: MessageNode = { ...path(1)[0]!, model: 'edge::gpt-4o', usage: { inputTokens: 1, outputTokens: 2 } };
		const request = budgetRequest(inputs({ path: [node], pinned: new Set(['m0']), reportedWindow: 500 }));
		expect(request).toEqual({
			path: [{ id: 'm0', role: 'user', content: node.content, status: 'complete', updatedAt: 0 }],
			systemPrompt: 'Be brief.',
			modelId: 'gpt-4o',
			reportedWindow: 500,
			keepLast: null,
			pinned: ['m0'],
			summary: null,
			pendingTokens: 1
		});
		expect(() => structuredClone(request)).not.toThrow();
	});

	it('fails clearly where there is no worker to plan in', async () => {
		await expect(planBudget(budgetRequest(inputs()), () => undefined, { service: getBudgetService() })).rejects.toThrow(/needs Web Workers/);
		// The default service is taken after its own task starts, and fails the same way.
		await expect(planBudget(budgetRequest(inputs()), () => undefined)).rejects.toThrow(/needs Web Workers/);
	});

	it('asks the worker in a task after the caller’s, so the thread’s mount task does not carry it (decision 0043)', async () => {
		const { budget } = tokenWorker();
		const steps: string[] = [];
		const watched: BudgetService = { plan: (request, wait) => (steps.push(`plan ${wait}`), budget.plan(request, wait)) };
		const done = planBudget(budgetRequest(inputs({ modelKey: null })), () => steps.push('shown'), { service: watched });
		for (let i = 0; i < 10; i++) await Promise.resolve();
		steps.push('caller’s task ends');
		await done;
		expect(steps).toEqual(['caller’s task ends', 'plan false', 'shown']);
	});

	it('asks nothing when the request went stale before its task came', async () => {
		const { budget } = tokenWorker();
		const steps: string[] = [];
		const watched: BudgetService = { plan: (request, wait) => (steps.push('plan'), budget.plan(request, wait)) };
		let stale = false;
		const done = planBudget(budgetRequest(inputs({ modelKey: null })), () => steps.push('shown'), { service: watched, stale: () => stale });
		stale = true;
		await done;
		expect(steps).toEqual([]);
	});
});
