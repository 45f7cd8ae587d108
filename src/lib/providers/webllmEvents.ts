// Translations between web-llm and Atrium's chat protocol: requests out, stream chunks and
// failures back as ChatEvents. Pure, so it is tested in Node without a GPU or a worker.
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionRequestStreaming } from '@mlc-ai/web-llm';
import type { ChatEvent, ChatRequest, ErrorCode, FinishReason } from '../protocol/chat.ts';
import { OTHER_SOURCES_HINT } from './webgpu.ts';

/** A failure as the user will read it: a machine code and a plain sentence. */
export interface WebLlmFailure {
	code: ErrorCode;
	message: string;
}

/** Builds web-llm's OpenAI-style streaming request for one ChatRequest. */
export function toWebLlmRequest(request: ChatRequest): ChatCompletionRequestStreaming {
	// web-llm accepts a system prompt only as the first message; fold any others into it so
	// a conversation with an edited system prompt still runs.
	const system = request.messages.filter((message) => message.role === 'system').map((message) => message.content);
	const rest = request.messages.filter((message) => message.role !== 'system');
	const messages: ChatCompletionMessageParam[] = [
		...(system.length > 0 ? [{ role: 'system' as const, content: system.join('\n\n') }] : []),
		...rest.map((message): ChatCompletionMessageParam =>
			message.role === 'user' ? { role: 'user', content: message.content } : { role: 'assistant', content: message.content }
		)
	];
	return {
		model: request.model,
		messages,
		stream: true,
		stream_options: { include_usage: true },
		...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
		...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
		// web-llm constrains decoding to a JSON Schema given as a string.
		...(request.responseFormat ? { response_format: { type: 'json_object' as const, schema: JSON.stringify(request.responseFormat.schema) } } : {})
	};
}

/**
 * The ChatEvents in one chunk, and the finish reason if the chunk carries one. The `finish`
 * event itself is left to the caller: usage arrives in a later chunk than the reason, and
 * the stream must end with exactly one `finish`.
 */
export function chunkToEvents(chunk: ChatCompletionChunk): { events: ChatEvent[]; finishReason?: FinishReason } {
	const events: ChatEvent[] = [];
	let finishReason: FinishReason | undefined;
	for (const choice of chunk.choices) {
		const delta = choice.delta.content;
		if (typeof delta === 'string' && delta.length > 0) events.push({ type: 'text', delta });
		if (choice.finish_reason !== null && choice.finish_reason !== undefined) finishReason = choice.finish_reason;
	}
	if (chunk.usage) {
		events.push({
			type: 'usage',
			inputTokens: Math.max(0, Math.trunc(chunk.usage.prompt_tokens)),
			outputTokens: Math.max(0, Math.trunc(chunk.usage.completion_tokens))
		});
	}
	return finishReason === undefined ? { events } : { events, finishReason };
}

/**
 * Explains why `modelName` could not be loaded. web-llm errors cross the worker boundary as
 * strings (`String(error)`), so this matches on text, not on error classes.
 */
export function describeLoadFailure(error: unknown, modelName: string): WebLlmFailure {
	const detail = errorDetail(error);
	if (NETWORK_FAILURE.test(detail)) {
		return {
			code: 'network',
			message: `Could not download the model ${modelName} (${detail}). Check your connection or pick another model source.`
		};
	}
	if (QUOTA_FAILURE.test(detail)) {
		return {
			code: 'unavailable',
			message: `There is not enough storage in this browser to keep the model ${modelName} (${detail}). Free some space or pick a smaller model.`
		};
	}
	if (/WebGPU/i.test(detail) && /not (?:supported|available)|cannot find/i.test(detail)) {
		return {
			code: 'unavailable',
			message: `The model ${modelName} cannot run because WebGPU is not available here. ${OTHER_SOURCES_HINT}`
		};
	}
	if (/shader-f16|requires feature/i.test(detail)) {
		return {
			code: 'unavailable',
			message: `This GPU lacks a feature the model ${modelName} needs (${detail}). Pick another model or model source.`
		};
	}
	if (DEVICE_LOST.test(detail)) {
		return {
			code: 'unavailable',
			message: `The GPU ran out of memory loading the model ${modelName}. Pick a smaller model or another model source.`
		};
	}
	if (/Cannot find model record|ModelNotFound/i.test(detail)) {
		return { code: 'not_found', message: `WebLLM has no model called ${modelName}. Pick another model.` };
	}
	return {
		code: 'unavailable',
		message: `Could not load the model ${modelName} (${detail}). Pick another model or model source.`
	};
}

/** Explains a failure while generating (after the model loaded). */
export function describeGenerationFailure(error: unknown, modelName: string): WebLlmFailure {
	const detail = errorDetail(error);
	if (/ContextWindowSizeExceeded|context window/i.test(detail)) {
		return {
			code: 'too_large',
			message: `The conversation is too long for the model ${modelName} (${detail}). Start a new conversation or pick a model with a longer context.`
		};
	}
	if (DEVICE_LOST.test(detail)) {
		return {
			code: 'unavailable',
			message: `The GPU ran out of memory while the model ${modelName} was answering. Pick a smaller model or another model source.`
		};
	}
	if (/MessageOrder|SystemMessageOrder|UnsupportedRole|ContentType/i.test(detail)) {
		return { code: 'invalid_request', message: `The model ${modelName} cannot take this conversation as it is (${detail}).` };
	}
	return { code: 'upstream_error', message: `The model ${modelName} stopped with an error (${detail}).` };
}

// Chromium says "Failed to fetch", Firefox "NetworkError when attempting to fetch resource",
// Safari "Load failed"; Cache.add() says "Request failed" on an HTTP error; web-llm's own
// caches say "Cannot fetch <url>" / "failed to fetch" / "Unable to fetch".
const NETWORK_FAILURE =
	/failed to fetch|networkerror|network error|load failed|request failed|cannot fetch|unable to fetch|network response was not ok|ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION/i;
const QUOTA_FAILURE = /QuotaExceeded|quota|storage is full/i;
const DEVICE_LOST = /device was lost|DeviceLost|out of memory|\bOOM\b/i;

/** Longest error detail quoted to the user; web-llm's messages can run to a paragraph. */
const MAX_DETAIL_CHARS = 200;

/** The error's own words, without a class prefix like "TypeError: ". */
function errorDetail(error: unknown): string {
	let text: string;
	if (error instanceof Error) text = error.message || error.name;
	else if (typeof error === 'string') text = error;
	else text = String(error);
	text = text.replace(/^(?:[A-Za-z0-9]*Error|DOMException|Exception): /, '').trim() || 'unknown error';
	return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 1)}…` : text;
}
