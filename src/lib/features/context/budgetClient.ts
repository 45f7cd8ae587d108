// The budget line's way to its figures: the path and the conversation's context settings go
// to the token worker as plain data, which plans them (workers/tokens/planning.ts) and
// answers only what the line shows. Nothing here counts or plans, so the chat page's main
// thread neither loads nor runs the planner (decision 0029).
import { nextTask } from '../../core/nextTask.ts';
import type { ContextSummary } from '../../db/notes.ts';
import type { ContextInputs } from './requestContext.ts';
import { modelIdOf } from '../../providers/registry.ts';
import { getBudgetService, type BudgetRequest, type BudgetService, type BudgetView } from '../../workers/tokensClient.ts';

export type { BudgetView } from '../../workers/tokensClient.ts';

/** The send path's inputs (a type only: no planner code comes with it), every one given. */
export interface BudgetInputs extends Omit<ContextInputs, 'summary' | 'pendingTokens'> {
	summary: ContextSummary | null;
	/** Tokens of the message the numbers describe the turn of (not on the path yet). */
	pendingTokens: number;
}

/** The request as plain data: the path's nodes may be reactive proxies, which cannot be cloned. */
export function budgetRequest(inputs: BudgetInputs): BudgetRequest {
	return {
		path: inputs.path.map(({ id, role, content, status, updatedAt }) => ({ id, role, content, status, updatedAt })),
		systemPrompt: inputs.systemPrompt,
		modelId: modelIdOf(inputs.modelKey),
		...(inputs.reportedWindow !== undefined ? { reportedWindow: inputs.reportedWindow } : {}),
		keepLast: inputs.keepLast,
		pinned: [...inputs.pinned],
		summary: inputs.summary ? { throughId: inputs.summary.throughId, content: inputs.summary.content } : null,
		pendingTokens: inputs.pendingTokens
	};
}

/**
 * Shows the plan asked for: at once with what the worker can count now (estimates while the
 * model's tokenizer loads, `uncounted` > 0), then the exact plan if that was not it. Rejects
 * when the worker cannot answer (no Worker, its script not reachable).
 *
 * The request leaves in a task of its own: the line asks as the thread mounts, and starting
 * the worker and cloning the whole path to it (comlink's postMessage) made that mount task
 * 6–10 ms longer in traces, enough to count towards blocking time (decision 0043). The
 * service is only taken after that (`getBudgetService()` starts the worker), unless given.
 * `stale` says the view asking has moved on: nothing is asked or shown then.
 */
export async function planBudget(
	request: BudgetRequest,
	show: (view: BudgetView) => void,
	{ service, stale = () => false }: { service?: BudgetService; stale?: () => boolean } = {}
): Promise<void> {
	await nextTask();
	if (stale()) return;
	service ??= getBudgetService();
	const now = await service.plan(request, false);
	show(now);
	if (now.uncounted > 0) show(await service.plan(request, true));
}
