// Wire shapes for chat shared by the app, the edge and the runner. Validated with zod at
// every boundary so all three tiers agree on one definition.
import { z } from 'zod';
import {
	IMAGE_PART_TYPES,
	MAX_IMAGE_CHARS_PER_REQUEST,
	MAX_IMAGE_PART_CHARS,
	MAX_IMAGES_PER_MESSAGE,
	MAX_MESSAGE_CHARS
} from './limits.ts';

// The limits, the error body and the model list live apart (limits.ts, models.ts) so the
// app's first screen can use them without this module's schemas (decision 0022).
export {
	IMAGE_PART_TYPES,
	MAX_CHAT_BODY_BYTES,
	MAX_IMAGE_CHARS_PER_REQUEST,
	MAX_IMAGE_PART_CHARS,
	MAX_IMAGES_PER_MESSAGE,
	MAX_MESSAGE_CHARS
} from './limits.ts';
export {
	apiErrorSchema,
	errorCodeSchema,
	modelInfoSchema,
	modelSourceSchema,
	modelsResponseSchema,
	type ApiError,
	type ErrorCode,
	type ModelInfo,
	type ModelSource,
	type ModelsResponse
} from './models.ts';

export const chatRoleSchema = z.enum(['system', 'user', 'assistant']);
export type ChatRole = z.infer<typeof chatRoleSchema>;

/** An image sent to a vision model, inline as base64 (no data: prefix). */
export const imagePartSchema = z.object({
	type: z.literal('image'),
	mimeType: z.enum(IMAGE_PART_TYPES),
	data: z
		.string()
		.min(4)
		.max(MAX_IMAGE_PART_CHARS)
		.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64')
});
export type ImagePart = z.infer<typeof imagePartSchema>;

export const chatMessageSchema = z.object({
	role: chatRoleSchema,
	content: z.string().max(MAX_MESSAGE_CHARS),
	/** Images that go with a user message, for models that can see. */
	images: z.array(imagePartSchema).max(MAX_IMAGES_PER_MESSAGE).optional()
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Structured output: the reply must be JSON following `schema` (validated again by the caller). */
export const responseFormatSchema = z.object({
	type: z.literal('json_schema'),
	/** OpenAI requires a name of letters, digits, `_` and `-`. */
	name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
	schema: z.record(z.string(), z.unknown())
});
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

/**
 * A request to one model. `model` is the id within its source (e.g. `gpt-4o-mini`),
 * except on the edge, where it is the edge's model id (e.g. `openai/gpt-4o-mini`).
 */
export const chatRequestSchema = z.object({
	model: z.string().min(1).max(200),
	messages: z.array(chatMessageSchema).min(1).max(5_000),
	temperature: z.number().min(0).max(2).optional(),
	maxTokens: z.number().int().positive().max(1_000_000).optional(),
	/** Ask for JSON that follows a JSON Schema (OpenAI `response_format`, Gemini `responseJsonSchema`). */
	responseFormat: responseFormatSchema.optional()
}).superRefine((request, ctx) => {
	let imageChars = 0;
	request.messages.forEach((message, index) => {
		if (!message.images?.length) return;
		if (message.role !== 'user') {
			ctx.addIssue({ code: 'custom', path: ['messages', index, 'images'], message: 'only user messages may carry images' });
		}
		for (const image of message.images) imageChars += image.data.length;
	});
	if (imageChars > MAX_IMAGE_CHARS_PER_REQUEST) {
		ctx.addIssue({
			code: 'custom',
			path: ['messages'],
			message: `images total ${imageChars} base64 characters; the limit is ${MAX_IMAGE_CHARS_PER_REQUEST}`
		});
	}
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

// The reply's events (zod/mini): the app's stream decoder loads them without this module.
export { chatEventSchema, finishReasonSchema, type ChatEvent, type FinishReason } from './chatEvents.ts';

export const healthResponseSchema = z.object({
	ok: z.literal(true),
	service: z.string(),
	version: z.string(),
	time: z.string()
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
