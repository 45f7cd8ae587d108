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

/** When a provider gives no time, callers wait this long; its own advice is capped at the hour. */
export const DEFAULT_UPSTREAM_RETRY_SECONDS = 30;
export const MAX_UPSTREAM_RETRY_SECONDS = 3600;

/**
 * Turns an upstream failure reported before any token streamed into the edge's error.
 * Failures the caller can act on keep their meaning (429, 400, 404, 413); everything else
 * is the server's side — including a rejected server key, which the caller cannot fix —
 * and becomes 502. A 429 always says when to retry, in `Retry-After` and in words: the
 * provider's wait when it gave one (capped, so a wild value cannot park clients for days),
 * a short default otherwise.
 */
export function upstreamFailure(
	code: ErrorCode,
	message: string,
	upstreamLabel: string,
	retryAfterSeconds?: number,
	now = new Date()
): HttpError {
	switch (code) {
		case 'quota_exceeded':
		case 'rate_limited': {
			const known = retryAfterSeconds !== undefined;
			const seconds = Math.min(MAX_UPSTREAM_RETRY_SECONDS, Math.max(1, Math.ceil(retryAfterSeconds ?? DEFAULT_UPSTREAM_RETRY_SECONDS)));
			const after = new Date(now.getTime() + seconds * 1000).toISOString();
			const when = `${known ? 'Retry' : `It gave no time: retry`} in ${waitInWords(seconds * 1000)} (after ${after})`;
			// The provider's advice for quotas (check your plan) is for the key's owner, not this caller.
			const what =
				code === 'quota_exceeded'
					? `The server's ${upstreamLabel} quota is used up. ${when}, or try another model.`
					: `${upstreamLabel} is getting too many requests. ${when}.`;
			return new HttpError(code, what, { headers: { 'Retry-After': String(seconds) } });
		}
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

/** "3 h 12 min", "45 s": how long a wait of `ms` is, for messages. */
export function waitInWords(ms: number): string {
	const totalMinutes = Math.floor(ms / 60_000);
	if (totalMinutes < 1) return `${Math.max(1, Math.ceil(ms / 1000))} s`;
	const hours = Math.floor(totalMinutes / 60);
	const minutes = totalMinutes % 60;
	return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
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
