// The context plan: the model's window, the reply's reserve, and what of a path fits
// (contextWindow.ts) with every text counted by `count`. One function for both callers so
// they agree: the send path (features/context/requestContext.ts, counts from the main
// thread's ledger) and the budget line (workers/tokens/planning.ts, counts in the token
// worker). Nothing here touches the database, the providers or a worker.
import type { ChatRole } from '../protocol/chat.ts';
import type { MessageStatus } from './conversationTree.ts';
import { contextWindowFor, fitContext, replyReserve, type ContextFit } from './contextWindow.ts';
import { MESSAGE_OVERHEAD, messageKey, REPLY_PRIMING, textKey, type Encoding } from './tokens.ts';

/** What a plan reads of a message (a MessageNode has all of it). */
export interface PlanMessage {
	id: string;
	role: ChatRole;
	content: string;
	status: MessageStatus;
	updatedAt: number;
}

/** What a plan reads of a stored summary. */
export interface PlanSummary {
	throughId: string;
	content: string;
}

export interface PlanInputs {
	path: readonly PlanMessage[];
	systemPrompt: string;
	/** The model id without its connection prefix ('' before a model is picked). */
	modelId: string;
	/** The window the model's source reports, if it does. */
	reportedWindow?: number;
	keepLast: number | null;
	/** Ids of the pinned messages. */
	pinned: Iterable<string>;
	summary?: PlanSummary | null;
	/** Tokens of a message not on the path yet (the draft, or nothing). */
	pendingTokens?: number;
}

export interface ContextPlan extends ContextFit {
	window: number;
	/** False when the window is the default guess (unknown model). */
	knownWindow: boolean;
	budget: number;
	encoding: Encoding;
	/** Texts whose count is not known yet and were estimated or bounded: 0 once counted. */
	uncounted: number;
}

/** A text's tokens with `encoding`; `exact` is false when something stood in for the count. */
export type PlanCounter = (key: string, text: string) => { tokens: number; exact: boolean };

/** A text to count and the key its count is cached under (messageKey, textKey). */
export interface Countable {
	key: string;
	text: string;
}

/** The same rule as buildContext: failed or empty replies are never sent. */
export function sendable(node: Pick<PlanMessage, 'role' | 'content' | 'status'>): boolean {
	return node.role !== 'assistant' || (node.content.length > 0 && node.status !== 'error');
}

export const summaryText = (summary: PlanSummary) => `Summary of the earlier part of this conversation:\n${summary.content}`;

/** Every text a plan counts: the sendable messages, the system prompt and the summary. */
export function countables(inputs: Pick<PlanInputs, 'path' | 'systemPrompt' | 'summary'>): Countable[] {
	const items = inputs.path.filter(sendable).map((node) => ({ key: messageKey(node), text: node.content }));
	const system = inputs.systemPrompt.trim();
	if (system) items.push({ key: textKey(system), text: system });
	if (inputs.summary) items.push({ key: textKey(summaryText(inputs.summary)), text: summaryText(inputs.summary) });
	return items;
}

/** Plans with the counts `count` gives now (synchronous); `uncounted` says how many were not exact. */
export function planWith(inputs: PlanInputs, encoding: Encoding, count: PlanCounter): ContextPlan {
	const { tokens: window, known } = contextWindowFor(inputs.modelId, inputs.reportedWindow);
	const budget = window - replyReserve(window);
	let uncounted = 0;
	const cost = (key: string, text: string) => {
		const { tokens, exact } = count(key, text);
		if (!exact) uncounted++;
		return tokens + MESSAGE_OVERHEAD;
	};
	const pinned = new Set(inputs.pinned);
	const turns = inputs.path
		.filter(sendable)
		.map((node) => ({ id: node.id, role: node.role, tokens: cost(messageKey(node), node.content), pinned: pinned.has(node.id) }));
	const system = inputs.systemPrompt.trim();
	const pending = inputs.pendingTokens ?? 0;
	if (pending > 0) turns.push({ id: '\u0000pending', role: 'user', tokens: pending, pinned: false });
	const summary = inputs.summary;
	const fit = fitContext(turns, {
		baseTokens: REPLY_PRIMING + (system ? cost(textKey(system), system) : 0),
		budget,
		keepLast: inputs.keepLast,
		summary: summary ? { throughId: summary.throughId, tokens: cost(textKey(summaryText(summary)), summaryText(summary)) } : null
	});
	if (pending > 0) fit.keep = fit.keep.filter((id) => id !== '\u0000pending');
	return { ...fit, window, knownWindow: known, budget, encoding, uncounted };
}
