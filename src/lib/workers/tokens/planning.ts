/**
 * The context budget's plan, computed in the token worker (decision 0029): the budget line
 * under the thread sends the path, the model and the conversation's context settings, and
 * gets back only the figures it shows. The counting and the planning (core/contextPlan.ts,
 * the same function the send path plans with) never run on the main thread.
 */
import { planWith, type ContextPlan, type PlanMessage, type PlanSummary } from '../../core/contextPlan.ts';
import { encodingFor, estimateTokens, type Encoding, type ExactEncoding, type TokenCache, type TokenCounter } from '../../core/tokens.ts';
import { countSafely, counterNow, loadCounter } from './counting.ts';

/** What the budget line asks about: plain data (it crosses to the worker by structured clone). */
export interface BudgetRequest {
	path: PlanMessage[];
	systemPrompt: string;
	/** The model id without its connection prefix ('' before one is picked). */
	modelId: string;
	reportedWindow?: number;
	keepLast: number | null;
	pinned: string[];
	summary: PlanSummary | null;
	/** Tokens of a message not on the path yet. */
	pendingTokens: number;
}

/** What the budget line shows: the plan without the ids of every message kept. */
export type BudgetView = Omit<ContextPlan, 'keep'>;

export interface BudgetService {
	/**
	 * Plans `request`. With `wait` false it answers at once: a text not counted yet while the
	 * model's tokenizer is still loading gets the estimate, and `uncounted` says how many did.
	 * With `wait` it loads the tokenizer first; if that fails the plan is the estimate's
	 * (encoding 'estimate'), as the send path's ledger does.
	 */
	plan(request: BudgetRequest, wait: boolean): Promise<BudgetView>;
}

export function createBudgetService(counts: TokenCache): BudgetService {
	return {
		async plan(request, wait) {
			let encoding: Encoding = encodingFor(request.modelId);
			let counter: TokenCounter | undefined = counterNow(encoding);
			if (!counter && wait) {
				try {
					counter = await loadCounter(encoding as ExactEncoding);
				} catch {
					encoding = 'estimate';
					counter = estimateTokens;
				}
			}
			const { keep: _kept, ...view } = planWith(request, encoding, (key, text) => {
				const known = counts.get(encoding, key);
				if (known !== undefined) return { tokens: known, exact: true };
				if (!counter) return { tokens: estimateTokens(text), exact: false };
				const tokens = countSafely(counter, text);
				counts.set(encoding, key, tokens);
				return { tokens, exact: true };
			});
			return view;
		}
	};
}
