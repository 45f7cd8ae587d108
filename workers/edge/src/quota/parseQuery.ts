// Validates a request's query string; the schemas (src/lib/protocol) word each message as
// a sentence naming the parameter, so the first issue is answered as is.
import type { z } from 'zod';
import { HttpError } from '../errors.ts';

export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.output<T> {
	const result = schema.safeParse(query);
	if (result.success) return result.data;
	throw new HttpError('invalid_request', result.error.issues[0]?.message ?? 'The query string does not match what this endpoint takes.');
}
