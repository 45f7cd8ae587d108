// The events of a streamed reply, as the edge sends them and the app checks each one. Written
// with zod/mini like models.ts: the app's SSE decoder (sse.ts) loads this with the first reply,
// and classic zod's evaluation there was one long main-thread task while the reply streamed
// (decision 0037). chat.ts re-exports them for the edge and the runner.
import * as z from 'zod/mini';
import { errorCodeSchema } from './models.ts';

export const finishReasonSchema = z.enum(['stop', 'length', 'content_filter', 'tool_calls', 'abort', 'error']);
export type FinishReason = z.infer<typeof finishReasonSchema>;

const count = () => z.int().check(z.nonnegative());

/** One event of a streamed reply. Every stream ends with exactly one `finish`. */
export const chatEventSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('text'), delta: z.string() }),
	z.object({
		type: z.literal('tool_call'),
		id: z.string(),
		name: z.string(),
		arguments: z.string()
	}),
	z.object({ type: z.literal('usage'), inputTokens: count(), outputTokens: count() }),
	z.object({
		type: z.literal('error'),
		code: errorCodeSchema,
		message: z.string(),
		/** How long the provider asked callers to wait (its Retry-After), for rate and quota failures. */
		retryAfterSeconds: z.optional(count())
	}),
	z.object({ type: z.literal('finish'), reason: finishReasonSchema })
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;
