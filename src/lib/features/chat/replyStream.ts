// Runs one streamed reply into one assistant node: text is kept in memory for the UI and
// written to IndexedDB as it arrives (throttled), so a reload loses at most a moment.
import type { MessageNode, MessageStatus } from '../../core/conversationTree.ts';
import type { ChatMessage, ErrorCode } from '../../protocol/chat.ts';
import type { ChatProvider } from '../../providers/types.ts';
import { saveStreamingMessage } from '../../db/conversations.ts';
import type { AtriumDatabase } from '../../db/database.ts';
import { holdStreamLock } from './streamLocks.ts';

/** How often growing text is written to IndexedDB while streaming. */
export const SAVE_INTERVAL_MS = 250;
/**
 * Growing text reaches the UI in its own task, at most once a frame. Updating it inline
 * made a burst of buffered chunks (one network read holding hundreds of SSE frames) one
 * long task that re-rendered per chunk: 3 s measured for 2,000 tokens (decision 0013).
 */
const SHOW_INTERVAL_MS = 16;

export interface ReplyOutcome {
	content: string;
	status: MessageStatus;
	error?: { code: ErrorCode; message: string };
	usage?: { inputTokens: number; outputTokens: number };
}

export interface ReplyStreamOptions {
	db: AtriumDatabase;
	node: MessageNode;
	provider: ChatProvider;
	modelId: string;
	messages: ChatMessage[];
	signal: AbortSignal;
	/** Text already in the node (continuing an interrupted reply). */
	prefix?: string;
	onText: (text: string) => void;
}

export interface ReplyResult {
	outcome: ReplyOutcome;
	/** The first write to IndexedDB that failed (e.g. storage full); the text is still in `outcome`. */
	saveError?: unknown;
}

export async function streamReply(options: ReplyStreamOptions): Promise<ReplyResult> {
	const { db, node, provider, modelId, messages, signal, onText } = options;
	let content = options.prefix ?? '';
	let error: ReplyOutcome['error'];
	let usage: ReplyOutcome['usage'];
	let finishReason: string | undefined;
	let lastSave = 0;
	// Writes are chained so an older snapshot can never land after a newer one.
	// A failed write does not stop the stream (the text is still on screen); the first
	// failure is reported to the caller so the user hears about it.
	let writes: Promise<void> = Promise.resolve();
	let saveError: unknown;
	const save = (changes: Parameters<typeof saveStreamingMessage>[2]) => {
		writes = writes
			.then(() => saveStreamingMessage(db, node.id, changes))
			.catch((failure: unknown) => {
				saveError ??= failure;
			});
		return writes;
	};

	let shownAt = -Infinity;
	let showTimer: ReturnType<typeof setTimeout> | undefined;
	const show = () => {
		clearTimeout(showTimer);
		showTimer = undefined;
		shownAt = performance.now();
		onText(content);
	};

	await holdStreamLock(node.id, async () => {
		try {
			for await (const event of provider.stream({ model: modelId, messages }, signal)) {
				if (event.type === 'text') {
					content += event.delta;
					showTimer ??= setTimeout(show, Math.max(0, SHOW_INTERVAL_MS - (performance.now() - shownAt)));
					const now = Date.now();
					if (now - lastSave >= SAVE_INTERVAL_MS) {
						lastSave = now;
						void save({ content });
					}
				} else if (event.type === 'error') {
					error = { code: event.code, message: event.message };
				} else if (event.type === 'usage') {
					usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
				} else if (event.type === 'finish') {
					finishReason = event.reason;
				}
			}
		} catch (cause) {
			// The contract says providers yield errors; this guards against one that throws.
			error = { code: 'internal', message: cause instanceof Error ? cause.message : String(cause) };
		}
		if (showTimer !== undefined) show();
		if (signal.aborted && !error) finishReason = 'abort';
		await save(outcome());
	});
	return saveError === undefined ? { outcome: outcome() } : { outcome: outcome(), saveError };

	function outcome(): ReplyOutcome {
		const status: MessageStatus =
			finishReason === 'abort' ? 'aborted' : error || finishReason === 'error' ? 'error' : 'complete';
		// `error` is always present (maybe undefined) so a retried node's old error is cleared.
		return { content, status, error, ...(usage ? { usage } : {}) };
	}
}
