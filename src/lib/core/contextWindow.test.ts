import { describe, expect, it } from 'vitest';
import { contextWindowFor, DEFAULT_CONTEXT_WINDOW, fitContext, replyReserve, type ContextTurn } from './contextWindow.ts';

/** u1 a1 u2 a2 … uN, each message `tokens` tokens. */
function thread(pairs: number, tokens = 10, pinned: string[] = []): ContextTurn[] {
	const turns: ContextTurn[] = [];
	for (let i = 1; i <= pairs; i++) {
		turns.push({ id: `u${i}`, role: 'user', tokens, pinned: pinned.includes(`u${i}`) });
		if (i < pairs) turns.push({ id: `a${i}`, role: 'assistant', tokens, pinned: pinned.includes(`a${i}`) });
	}
	return turns;
}

describe('fitContext', () => {
	it('sends everything that fits', () => {
		const fit = fitContext(thread(3), { baseTokens: 5, budget: 1_000 });
		expect(fit.keep).toEqual(['u1', 'a1', 'u2', 'a2', 'u3']);
		expect(fit).toMatchObject({ leftOut: 0, usedTokens: 55, overBudget: false, useSummary: false });
	});

	it('drops the oldest whole turns when over budget, keeping the newest', () => {
		// base 5 + u3 10 + (u2,a2) 20 = 35; (u1,a1) would make 55.
		const fit = fitContext(thread(3), { baseTokens: 5, budget: 40 });
		expect(fit.keep).toEqual(['u2', 'a2', 'u3']);
		expect(fit.leftOut).toBe(2);
		expect(fit.leftOutIds).toEqual(['u1', 'a1']);
	});

	it('never keeps a reply without its question', () => {
		// Room for one more message but not for the whole u2/a2 turn.
		const fit = fitContext(thread(3), { baseTokens: 0, budget: 25 });
		expect(fit.keep).toEqual(['u3']);
		expect(fit.keep).not.toContain('a2');
	});

	it('keeps the last N messages, rounding up to a whole turn', () => {
		expect(fitContext(thread(3), { baseTokens: 0, budget: 1_000, keepLast: 1 }).keep).toEqual(['u3']);
		// The last 2 messages are a2 and u3: a2 brings its question u2.
		const two = fitContext(thread(3), { baseTokens: 0, budget: 1_000, keepLast: 2 });
		expect(two.keep).toEqual(['u2', 'a2', 'u3']);
		expect(two.leftOut).toBe(2);
		expect(fitContext(thread(3), { baseTokens: 0, budget: 1_000, keepLast: 3 }).keep).toEqual(['u2', 'a2', 'u3']);
		expect(fitContext(thread(3), { baseTokens: 0, budget: 1_000, keepLast: 4 }).keep).toHaveLength(5);
	});

	it('always keeps pinned turns, outside keep-last-N and the budget', () => {
		const fit = fitContext(thread(4, 10, ['u1']), { baseTokens: 0, budget: 1_000, keepLast: 1 });
		expect(fit.keep).toEqual(['u1', 'a1', 'u4']);
		expect(fit.leftOut).toBe(4);
		const tight = fitContext(thread(4, 10, ['a1']), { baseTokens: 0, budget: 30 });
		expect(tight.keep).toEqual(['u1', 'a1', 'u4']);
	});

	it('reports over budget when the system prompt, pins and newest turn alone do not fit', () => {
		const fit = fitContext(thread(2, 50, ['u1']), { baseTokens: 10, budget: 100 });
		expect(fit.keep).toEqual(['u1', 'a1', 'u2']);
		expect(fit.overBudget).toBe(true);
		expect(fitContext(thread(1, 50), { baseTokens: 0, budget: 50 }).overBudget).toBe(false);
	});

	it('uses a summary in place of the turns it covers', () => {
		const fit = fitContext(thread(4), { baseTokens: 0, budget: 1_000, summary: { throughId: 'a2', tokens: 7 } });
		expect(fit.keep).toEqual(['u3', 'a3', 'u4']);
		expect(fit).toMatchObject({ useSummary: true, summarised: 4, leftOut: 0, usedTokens: 37 });
	});

	it('ignores a summary of another branch', () => {
		const fit = fitContext(thread(2), { baseTokens: 0, budget: 1_000, summary: { throughId: 'elsewhere', tokens: 7 } });
		expect(fit).toMatchObject({ useSummary: false, summarised: 0, usedTokens: 30 });
	});

	it('starts a path that begins with a reply as its own turn', () => {
		const turns: ContextTurn[] = [
			{ id: 'a0', role: 'assistant', tokens: 10, pinned: false },
			...thread(2)
		];
		expect(fitContext(turns, { baseTokens: 0, budget: 1_000, keepLast: 2 }).keep).toEqual(['u1', 'a1', 'u2']);
	});
});

describe('contextWindowFor', () => {
	it('prefers what the provider reports, then the family table, then the default', () => {
		expect(contextWindowFor('gpt-4o', 64_000)).toEqual({ tokens: 64_000, known: true });
		expect(contextWindowFor('gpt-4o-mini').tokens).toBe(128_000);
		expect(contextWindowFor('models/gemini-2.5-flash').tokens).toBe(1_048_576);
		expect(contextWindowFor('gpt-4-0613').tokens).toBe(8_192);
		expect(contextWindowFor('my-local-model')).toEqual({ tokens: DEFAULT_CONTEXT_WINDOW, known: false });
	});

	it('reserves room for the reply', () => {
		expect(replyReserve(128_000)).toBe(4_096);
		expect(replyReserve(4_096)).toBe(1_024);
	});
});
