// Wire shapes for chat shared by the app, the edge and the runner. Validated with zod at
// every boundary so all three tiers agree on one definition.
import { z } from 'zod';

/** Longest single message we accept, in characters (UI and edge agree on it). */
export const MAX_MESSAGE_CHARS = 100_000;
/** Largest chat request body the edge accepts, in bytes. */
export const MAX_CHAT_BODY_BYTES = 1_000_000;

export const chatRoleSchema = z.enum(['system', 'user', 'assistant']);
export type ChatRole = z.infer<typeof chatRoleSchema>;

export const chatMessageSchema = z.object({
	role: chatRoleSchema,
	content: z.string().max(MAX_MESSAGE_CHARS)
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/**
 * A request to one model. `model` is the id within its source (e.g. `gpt-4o-mini`),
 * except on the edge, where it is the edge's model id (e.g. `openai/gpt-4o-mini`).
 */
export const chatRequestSchema = z.object({
	model: z.string().min(1).max(200),
	messages: z.array(chatMessageSchema).min(1).max(5_000),
	temperature: z.number().min(0).max(2).optional(),
	maxTokens: z.number().int().positive().max(1_000_000).optional()
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export const errorCodeSchema = z.enum([
	'invalid_request',
	'unauthorized',
	'forbidden',
	'not_found',
	'too_large',
	'rate_limited',
	'quota_exceeded',
	'upstream_error',
	'network',
	'unavailable',
	'aborted',
	'internal'
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const finishReasonSchema = z.enum(['stop', 'length', 'content_filter', 'tool_calls', 'abort', 'error']);
export type FinishReason = z.infer<typeof finishReasonSchema>;

/** One event of a streamed reply. Every stream ends with exactly one `finish`. */
export const chatEventSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('text'), delta: z.string() }),
	z.object({
		type: z.literal('tool_call'),
		id: z.string(),
		name: z.string(),
		arguments: z.string()
	}),
	z.object({
		type: z.literal('usage'),
		inputTokens: z.number().int().nonnegative(),
		outputTokens: z.number().int().nonnegative()
	}),
	z.object({ type: z.literal('error'), code: errorCodeSchema, message: z.string() }),
	z.object({ type: z.literal('finish'), reason: finishReasonSchema })
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;

export const modelSourceSchema = z.enum(['openai', 'gemini', 'webllm', 'edge']);
export type ModelSource = z.infer<typeof modelSourceSchema>;

export const modelInfoSchema = z.object({
	/** Id within its source, as passed in `ChatRequest.model`. */
	id: z.string(),
	/** Human-readable name for the picker. */
	name: z.string(),
	source: modelSourceSchema,
	capabilities: z.object({
		streaming: z.boolean(),
		vision: z.boolean(),
		tools: z.boolean()
	}),
	contextWindow: z.number().int().positive().optional()
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

/** The edge's JSON error body: `{ error: { code, message } }`. */
export const apiErrorSchema = z.object({
	error: z.object({ code: errorCodeSchema, message: z.string() })
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const modelsResponseSchema = z.object({ models: z.array(modelInfoSchema) });
export type ModelsResponse = z.infer<typeof modelsResponseSchema>;

export const healthResponseSchema = z.object({
	ok: z.literal(true),
	service: z.string(),
	version: z.string(),
	time: z.string()
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
