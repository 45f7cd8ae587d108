// Chooses what of a path goes to the model (core/contextPlan.ts), with the pins,
// keep-last-N and summary stored for the conversation, counted with the main thread's
// ledger. The send path's planner; the budget under the thread plans with the same
// function in the token worker (decision 0029), so both agree.
import { countables, planWith, summaryText, type ContextPlan } from '../../core/contextPlan.ts';
import type { MessageNode } from '../../core/conversationTree.ts';
import { encodingFor } from '../../core/tokens.ts';
import type { AtriumDatabase } from '../../db/database.ts';
import { getContextSettings, loadNotes, type ContextSummary } from '../../db/notes.ts';
import type { ChatMessage } from '../../protocol/chat.ts';
import { findModel, modelIdOf, type ModelGroup } from '../../providers/registry.ts';
import { tokenLedger, type Fallback, type TokenLedger } from './tokenLedger.ts';

export { sendable, summaryText, type ContextPlan } from '../../core/contextPlan.ts';

export interface ContextInputs {
	path: readonly MessageNode[];
	systemPrompt: string;
	/** Model key (`connection::model`), or null before one is picked. */
	modelKey: string | null;
	/** The window the model's source reports, if it does. */
	reportedWindow?: number;
	keepLast: number | null;
	/** Ids of the pinned messages. */
	pinned: Iterable<string>;
	summary?: ContextSummary | null;
	/** Tokens of a message not on the path yet (the draft, or nothing). */
	pendingTokens?: number;
}

/**
 * Plans with the counts known now, never waiting: a text not counted yet gets `fallback`
 * (an estimate to show, an upper bound to send), and `uncounted` says how many did.
 */
export function planNow(inputs: ContextInputs, fallback: Fallback, ledger: TokenLedger = tokenLedger()): ContextPlan {
	const modelId = modelIdOf(inputs.modelKey);
	const encoding = ledger.effective(encodingFor(modelId));
	return planWith({ ...inputs, modelId }, encoding, (key, text) => ledger.peek(encoding, { key, text }, fallback));
}

/** Plans with every count known, waiting for the token worker (it loads the tokenizer if it must). */
export async function planContext(inputs: ContextInputs, ledger: TokenLedger = tokenLedger()): Promise<ContextPlan> {
	await ledger.ensure(ledger.effective(encodingFor(modelIdOf(inputs.modelKey))), countables(inputs));
	// If counting failed the ledger now says 'estimate', which is computed here in full.
	return planNow(inputs, 'bound', ledger);
}

/**
 * The plan a request is sent with. Once the tokenizer is loaded the new texts are counted
 * first (a moment in the worker); before that the request goes at once, with upper bounds
 * for what is not counted yet — never over the window, at worst leaving out more earlier
 * turns than needed — while the worker starts counting for the next one.
 */
export async function planRequest(inputs: ContextInputs, ledger: TokenLedger = tokenLedger()): Promise<ContextPlan> {
	const encoding = ledger.effective(encodingFor(modelIdOf(inputs.modelKey)));
	if (encoding !== 'estimate') {
		const counting = ledger.ensure(encoding, countables(inputs));
		if (ledger.isReady(encoding)) await counting;
	}
	return planNow(inputs, 'bound', ledger);
}

/** The path to send and the summary that goes before it, from what is stored for the conversation. */
export async function fitRequest(
	db: AtriumDatabase,
	conversation: { id: string; systemPrompt: string },
	path: readonly MessageNode[],
	modelKey: string,
	reportedWindow?: number,
	ledger: TokenLedger = tokenLedger()
): Promise<{ path: MessageNode[]; summary: ContextSummary | null; plan: ContextPlan }> {
	const [settings, notes] = await Promise.all([getContextSettings(db, conversation.id), loadNotes(db, conversation.id)]);
	const inputs: ContextInputs = {
		path,
		systemPrompt: conversation.systemPrompt,
		modelKey,
		reportedWindow,
		keepLast: settings.keepLast,
		pinned: notes.filter((row) => row.pinned).map((row) => row.messageId),
		summary: settings.summary ?? null
	};
	const plan = await planRequest(inputs, ledger);
	const keep = new Set(plan.keep);
	return { path: path.filter((node) => keep.has(node.id)), summary: plan.useSummary ? (settings.summary ?? null) : null, plan };
}

/** Puts the summary right after the system prompt (or first, without one). */
export function withSummary(messages: ChatMessage[], summary: ContextSummary | null): ChatMessage[] {
	if (!summary) return messages;
	const at = messages[0]?.role === 'system' ? 1 : 0;
	return [...messages.slice(0, at), { role: 'system', content: summaryText(summary) }, ...messages.slice(at)];
}

/** The context window the catalog reports for a model key, if its source gave one. */
export function reportedWindow(groups: readonly ModelGroup[], key: string | null): number | undefined {
	return findModel(groups, key)?.contextWindow;
}
