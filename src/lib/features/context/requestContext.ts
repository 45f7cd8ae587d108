// Chooses what of a path goes to the model (core/contextWindow.ts), with the pins,
// keep-last-N and summary stored for the conversation. Used by the request builder in
// chatSession and by the budget shown under the thread, so both agree.
import { contextWindowFor, fitContext, replyReserve, type ContextFit } from '../../core/contextWindow.ts';
import type { MessageNode } from '../../core/conversationTree.ts';
import { encodingFor, estimateTokens, loadCounter, REPLY_PRIMING, TokenCache, type Encoding, type TokenCounter } from '../../core/tokens.ts';
import type { AtriumDatabase } from '../../db/database.ts';
import { getContextSettings, loadNotes, type ContextSummary } from '../../db/notes.ts';
import type { ChatMessage } from '../../protocol/chat.ts';
import { parseModelKey, type ModelGroup } from '../../providers/registry.ts';

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

export interface ContextPlan extends ContextFit {
	window: number;
	/** False when the window is the default guess (unknown model). */
	knownWindow: boolean;
	budget: number;
	encoding: Encoding;
}

const cache = new TokenCache();

/** The same rule as buildContext: failed or empty replies are never sent. */
export function sendable(node: MessageNode): boolean {
	return node.role !== 'assistant' || (node.content.length > 0 && node.status !== 'error');
}

async function counterFor(encoding: Encoding): Promise<{ counter: TokenCounter; encoding: Encoding }> {
	try {
		return { counter: await loadCounter(encoding), encoding };
	} catch {
		// The encoding could not load (offline before it was cached): estimate instead.
		return { counter: estimateTokens, encoding: 'estimate' };
	}
}

export const summaryText = (summary: ContextSummary) => `Summary of the earlier part of this conversation:\n${summary.content}`;

export async function planContext(inputs: ContextInputs): Promise<ContextPlan> {
	const modelId = (inputs.modelKey && parseModelKey(inputs.modelKey)?.modelId) ?? '';
	const { counter, encoding } = await counterFor(encodingFor(modelId));
	const { tokens: window, known } = contextWindowFor(modelId, inputs.reportedWindow);
	const budget = window - replyReserve(window);
	const pinned = new Set(inputs.pinned);
	const nodes = inputs.path.filter(sendable);
	const turns = nodes.map((node) => ({
		id: node.id,
		role: node.role,
		tokens: cache.count(node, node.content, encoding, counter),
		pinned: pinned.has(node.id)
	}));
	const system = inputs.systemPrompt.trim();
	const pending = inputs.pendingTokens ?? 0;
	if (pending > 0) turns.push({ id: '\u0000pending', role: 'user', tokens: pending, pinned: false });
	const summary = inputs.summary;
	const fit = fitContext(turns, {
		baseTokens: REPLY_PRIMING + (system ? counter(system) + 4 : 0),
		budget,
		keepLast: inputs.keepLast,
		summary: summary ? { throughId: summary.throughId, tokens: counter(summaryText(summary)) + 4 } : null
	});
	if (pending > 0) fit.keep = fit.keep.filter((id) => id !== '\u0000pending');
	return { ...fit, window, knownWindow: known, budget, encoding };
}

/** The path to send and the summary that goes before it, from what is stored for the conversation. */
export async function fitRequest(
	db: AtriumDatabase,
	conversation: { id: string; systemPrompt: string },
	path: readonly MessageNode[],
	modelKey: string,
	reportedWindow?: number
): Promise<{ path: MessageNode[]; summary: ContextSummary | null; plan: ContextPlan }> {
	const [settings, notes] = await Promise.all([getContextSettings(db, conversation.id), loadNotes(db, conversation.id)]);
	const plan = await planContext({
		path,
		systemPrompt: conversation.systemPrompt,
		modelKey,
		reportedWindow,
		keepLast: settings.keepLast,
		pinned: notes.filter((row) => row.pinned).map((row) => row.messageId),
		summary: settings.summary ?? null
	});
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
	if (!key) return undefined;
	for (const group of groups) for (const choice of group.models) if (choice.key === key) return choice.model.contextWindow;
	return undefined;
}
