// Ids in request paths, checked before they reach a query: the edge's own ids are randomId()
// output (auth/tokens.ts: lower-case base32, 24 characters today), so anything else is refused
// with a 400 that says what an id looks like, and no database is asked about it.
import { z } from 'zod';
import { HttpError } from './errors.ts';

export const recordIdSchema = z.string().regex(/^[a-z2-7]{16,64}$/);

/** The path parameter `value`, if it can be an id; otherwise a 400 naming `what` (e.g. "session"). */
export function parsePathId(value: string | undefined, what: string): string {
	const parsed = recordIdSchema.safeParse(value);
	if (parsed.success) return parsed.data;
	throw new HttpError('invalid_request', `Invalid ${what} id: expected 16 to 64 characters, lower-case letters a–z and digits 2–7.`);
}
