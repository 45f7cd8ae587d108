// Reads and validates an account request body. The schemas (src/lib/protocol/auth.ts)
// word every message as a sentence for the form, so the first issue is returned as is.
import type { z } from 'zod';
import { MAX_AUTH_BODY_BYTES } from '../../../../src/lib/protocol/auth.ts';
import { HttpError } from '../errors.ts';
import { readJsonBody } from '../requestBody.ts';

export async function readAuthBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
	if (request.body === null) throw new HttpError('invalid_request', 'The request has no body: send it as a JSON object.');
	const result = schema.safeParse(await readJsonBody(request, MAX_AUTH_BODY_BYTES));
	if (result.success) return result.data;
	throw new HttpError('invalid_request', result.error.issues[0]?.message ?? 'The request does not match what this endpoint takes.');
}
