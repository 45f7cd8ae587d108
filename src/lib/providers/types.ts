// The one interface every model source implements, whether it runs over HTTP, at the edge
// or in a Web Worker. Capabilities are declared per model, never guessed by callers.
import type { ChatEvent, ChatRequest, ErrorCode, ModelInfo, ModelSource } from '../protocol/chat.ts';

export interface ChatProvider {
	readonly source: ModelSource;
	/** Label for the model picker's group, e.g. "OpenAI-compatible (my server)". */
	readonly label: string;
	listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
	/**
	 * Streams one reply. Yields text deltas as they arrive, optionally usage, and ends with
	 * exactly one `finish` event. Failures are yielded as an `error` event followed by
	 * `finish` with reason `error`, never thrown, so partial text is never lost. Aborting
	 * `signal` cancels the upstream request and ends with `finish` reason `abort`.
	 */
	stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatEvent>;
}

/** A failure with a machine code and a message fit to show a user as it is. */
export class ProviderError extends Error {
	readonly code: ErrorCode;
	readonly status: number | undefined;
	/** The wait the provider asked for (Retry-After), when it said. */
	readonly retryAfterSeconds: number | undefined;
	constructor(code: ErrorCode, message: string, options?: { status?: number; cause?: unknown; retryAfterSeconds?: number }) {
		super(message, { cause: options?.cause });
		this.name = 'ProviderError';
		this.code = code;
		this.status = options?.status;
		this.retryAfterSeconds = options?.retryAfterSeconds;
	}
}
