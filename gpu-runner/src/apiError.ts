// The runner answers errors in the same `{ error: { code, message } }` shape as the edge, so
// the app has one error path for both.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError, ErrorCode } from '../../src/lib/protocol/chat.ts';

export function apiError(c: Context, status: ContentfulStatusCode, code: ErrorCode, message: string): Response {
	const body: ApiError = { error: { code, message } };
	return c.json(body, status);
}
