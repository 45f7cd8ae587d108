// What only runs once the user sends (or regenerates, continues, edits): the check of files
// against the model, storing them, retrieval from documents, fitting the context window,
// the streamed reply and the automatic title. chatSession loads it on first intent to send
// (loadSendPath: the composer focused or typed in), so the first screen does not carry it
// (decision 0022, round 3). The files' part of it loads only when the data has files
// (attachments/sendFiles.ts, decision 0041).
import { buildContext, type MessageNode } from '../../core/conversationTree.ts';
import type { Citation } from '../../core/documents/types.ts';
import { cleanModelTitle, titlePrompt } from '../../core/title.ts';
import type { AtriumDatabase, Conversation } from '../../db/database.ts';
import type { ChatMessage } from '../../protocol/chat.ts';
import type { ResolvedModel } from '../../providers/registry.ts';
import { sendFilesPart } from '../attachments/sendFiles.ts';
import { fitRequest, withSummary } from '../context/requestContext.ts';

// The attachment code loads only when the message or the thread has files (decision 0041).
const files = sendFilesPart();
export const refuseForModel = files.refuseForModel;
export const storeWithMessage = files.storeWithMessage;
export { streamReply } from './replyStream.ts';
// Loaded with the rest, so the first reply from the edge does not wait for its client.
export { streamFromEdge } from '../../providers/edgeStream.ts';

export interface ReplyContextInput {
	db: AtriumDatabase;
	conversation: Conversation;
	/** The thread up to the message being answered. */
	path: MessageNode[];
	model: string;
	vision: boolean;
	contextWindow: number | undefined;
	/** Text of an interrupted reply to continue, or ''. */
	prefix: string;
	/** Called with the passages cited from the thread's documents, before the context is fitted. */
	onCitations: (citations: Citation[]) => Promise<void>;
}

/** The messages a reply is asked with: the thread's documents searched, then what fits the model's window. */
export async function replyContext(input: ReplyContextInput): Promise<ChatMessage[]> {
	const { db, conversation, path, model } = input;
	const { parts, citations } = await files.filesContext(db, path, input.vision);
	if (citations.length > 0) await input.onCitations(citations);
	// Pins, keep-last-N, the stored summary and the model's window decide what is sent (decision 0017).
	const fitted = await fitRequest(db, conversation, path, model, input.contextWindow);
	const context = withSummary(buildContext(fitted.path, { systemPrompt: conversation.systemPrompt, parts }), fitted.summary);
	if (input.prefix) {
		context.push({ role: 'assistant', content: input.prefix });
		context.push({ role: 'user', content: 'Continue your previous answer exactly where it stopped. Do not repeat anything.' });
	}
	return context;
}

/** A short title for a conversation's first exchange, asked of its model; null if it gives none or fails. */
export async function askTitle(model: ResolvedModel, user: string, answer: string): Promise<string | null> {
	let raw = '';
	try {
		const signal = AbortSignal.timeout(20_000);
		for await (const event of model.provider.stream(
			{ model: model.modelId, messages: [{ role: 'user', content: titlePrompt(user, answer) }], maxTokens: 24 },
			signal
		)) {
			if (event.type === 'text') raw += event.delta;
			if (event.type === 'error') return null;
		}
	} catch {
		return null;
	}
	return cleanModelTitle(raw);
}
