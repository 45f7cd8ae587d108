// The edge's error body and model list: the answers the app reads as it opens. Written
// with zod/mini, whose functions tree-shake, so checking them does not put zod's whole
// classic API in the first screen's JavaScript (decision 0022). chat.ts re-exports them;
// they compose with classic schemas like any other zod schema.
import * as z from 'zod/mini';

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
	contextWindow: z.optional(z.int().check(z.positive()))
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

/** The edge's JSON error body: `{ error: { code, message } }`. */
export const apiErrorSchema = z.object({
	error: z.object({ code: errorCodeSchema, message: z.string() })
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const modelsResponseSchema = z.object({ models: z.array(modelInfoSchema) });
export type ModelsResponse = z.infer<typeof modelsResponseSchema>;
