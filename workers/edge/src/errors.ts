// The edge's typed error and the one place that maps error codes to HTTP statuses, both
// for the edge's own failures and for what an upstream model provider reports.
import type { ApiError as ApiErrorBody, ErrorCode } from '../../../src/lib/protocol/chat.ts';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
	invalid_request: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	too_large: 413,
	rate_limited: 429,
	quota_exceeded: 429,
	upstream_error: 502,
	network: 502,
	unavailable: 503,
	// Nobody reads it (the client left); 499 is the conventional "client closed request".
	aborted: 499,
	internal: 500
};

/** An error the edge answers with `{ error: { code, message } }` and the code's status. */
export class HttpError extends Error {
	override readonly name = 'HttpError';
	readonly code: ErrorCode;
	readonly status: number;
	readonly headers: Readonly<Record<string, string>>;
	constructor(code: ErrorCode, message: string, options?: { status?: number; headers?: Record<string, string> }) {
		super(message);
		this.code = code;
		this.status = options?.status ?? STATUS_BY_CODE[code];
		this.headers = options?.headers ?? {};
	}
}

/**
 * Turns an upstream failure reported before any token streamed into the edge's error.
 * Failures the caller can act on keep their meaning (429, 400, 404, 413); everything else
 * is the server's side — including a rejected server key, which the caller cannot fix —
 * and becomes 502.
 */
export function upstreamFailure(code: ErrorCode, message: string, upstreamLabel: string): HttpError {
	switch (code) {
		case 'quota_exceeded':
			// The provider's advice (check your plan) is for the key's owner, not this caller.
			return new HttpError(code, `The server's ${upstreamLabel} quota is used up. Try another model, or later.`);
		case 'rate_limited':
		case 'invalid_request':
		case 'not_found':
		case 'too_large':
			return new HttpError(code, message);
		case 'unauthorized':
		case 'forbidden':
			return new HttpError('upstream_error', `${upstreamLabel} rejected the server's credentials.`, { status: 502 });
		default:
			return new HttpError('upstream_error', `${upstreamLabel} failed: ${message}`, { status: 502 });
	}
}

export function errorBody(code: ErrorCode, message: string): ApiErrorBody {
	return { error: { code, message } };
}

/** Replaces every configured secret in `text`, so no key can reach a response or a log. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) result = result.split(secret).join('[redacted]');
	return result;
}
