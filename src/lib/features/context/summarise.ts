// "Summarise older messages": the turns the budget leaves out are summarised by the
// selected model, and the summary is stored to be sent in their place from then on.
import type { MessageNode } from '../../core/conversationTree.ts';
import type { AtriumDatabase } from '../../db/database.ts';
import type { ContextSummary } from '../../db/notes.ts';
import { saveSummary } from '../../db/notesWrite.ts';
import type { ResolvedModel } from '../../providers/registry.ts';

/** Characters of older messages sent to be summarised (the rest is cut from the start). */
const MAX_SOURCE_CHARS = 120_000;

export function summaryPrompt(messages: readonly MessageNode[], previous: ContextSummary | null): string {
	let transcript = messages.map((node) => `${node.role === 'user' ? 'User' : 'Assistant'}: ${node.content}`).join('\n\n');
	if (transcript.length > MAX_SOURCE_CHARS) transcript = transcript.slice(transcript.length - MAX_SOURCE_CHARS);
	const before = previous ? `Summary so far:\n${previous.content}\n\n` : '';
	return (
		'Summarise the conversation below so it can replace it as context for continuing the conversation. ' +
		'Keep facts, decisions, names, numbers, code identifiers and open questions; drop pleasantries. ' +
		`Answer with the summary only, at most 300 words.\n\n${before}Conversation:\n${transcript}`
	);
}

/**
 * Summarises `older` (oldest first, the messages now left out) together with any earlier
 * summary, and stores it. Throws with a message for the user when the model fails.
 */
export async function summariseOlder(
	db: AtriumDatabase,
	input: { conversationId: string; older: readonly MessageNode[]; previous: ContextSummary | null; modelKey: string; model: ResolvedModel },
	signal: AbortSignal = AbortSignal.timeout(120_000)
): Promise<ContextSummary> {
	const last = input.older[input.older.length - 1];
	if (!last) throw new Error('There are no older messages to summarise.');
	let text = '';
	for await (const event of input.model.provider.stream(
		{ model: input.model.modelId, messages: [{ role: 'user', content: summaryPrompt(input.older, input.previous) }], maxTokens: 800 },
		signal
	)) {
		if (event.type === 'text') text += event.delta;
		if (event.type === 'error') throw new Error(`The model could not summarise: ${event.message}`);
	}
	if (!text.trim()) throw new Error('The model returned an empty summary. Try again or pick another model.');
	const summary: ContextSummary = {
		throughId: last.id,
		content: text.trim(),
		model: input.modelKey,
		messageCount: input.older.length + (input.previous?.messageCount ?? 0),
		createdAt: Date.now()
	};
	await saveSummary(db, input.conversationId, summary);
	return summary;
}
