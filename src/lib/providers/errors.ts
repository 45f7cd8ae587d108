// The one place that turns any provider failure (an HTTP status with the provider's error
// body, an error frame mid-stream, a refused connection, a timeout, an abort) into a
// ProviderError whose code the app can act on and whose message a user can act on.
// The error classes only: the SDK's client is loaded with the provider (decision 0013).
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai/error';
import type { ChatEvent } from '../protocol/chat.ts';
import { ProviderError } from './types.ts';

export interface ErrorContext {
	/** Names the model source in messages, e.g. "OpenAI" or "My Ollama". */
	label: string;
	/** The address the user configured; named when it cannot be reached. */
	endpoint?: string;
	/** The caller's signal: once aborted, any failure is reported as `aborted`. */
	signal?: AbortSignal;
}

/** What a failed answer says, normalised across OpenAI-compatible servers and Gemini. */
export interface UpstreamFailure {
	/** HTTP status, or undefined for an error frame inside an otherwise successful stream. */
	status?: number;
	/** The provider's own message, if any. */
	message?: string;
	/** What the body says went wrong when that is more precise than the status. */
	kind?: 'auth' | 'quota' | 'rate' | 'too_large';
	retryAfterSeconds?: number;
}

/**
 * How a stream ends after a failure, per the ChatProvider contract: an abort ends quietly
 * with `finish: abort`; anything else is an `error` event followed by `finish: error`.
 */
export function failureEvents(error: unknown, context: ErrorContext & { signal: AbortSignal }): ChatEvent[] {
	const failure = toProviderError(error, context);
	if (failure.code === 'aborted') return [{ type: 'finish', reason: 'abort' }];
	const wait = failure.retryAfterSeconds;
	return [
		{ type: 'error', code: failure.code, message: failure.message, ...(wait === undefined ? {} : { retryAfterSeconds: wait }) },
		{ type: 'finish', reason: 'error' }
	];
}

/** Maps anything a provider SDK or fetch may throw. Never throws itself. */
export function toProviderError(error: unknown, context: ErrorContext): ProviderError {
	if (error instanceof ProviderError) return error;
	if (context.signal?.aborted || error instanceof APIUserAbortError || isNamed(error, 'AbortError')) {
		return new ProviderError('aborted', 'Stopped.', { cause: error });
	}
	if (error instanceof APIConnectionTimeoutError || isNamed(error, 'TimeoutError')) {
		return new ProviderError('network', `${context.label} did not answer in time. Try again.`, { cause: error });
	}
	if (error instanceof APIConnectionError || isNetworkFailure(error)) return unreachable(context, error);
	if (error instanceof APIError) {
		return describeFailure(
			{
				status: error.status,
				...readErrorBody({ error: error.error }),
				retryAfterSeconds: retryAfterFromHeaders(error.headers) ?? retryAfterFromText(error.message)
			},
			context,
			error
		);
	}
	if (isNamed(error, 'ApiError')) return fromGeminiApiError(error as Error & { status?: unknown }, context);
	const detail = error instanceof Error ? error.message : String(error);
	return new ProviderError('internal', `Something went wrong talking to ${context.label}: ${detail}`, { cause: error });
}

/** Maps a non-2xx HTTP answer read with plain fetch (status, headers, parsed JSON or text). */
export function fromHttpResponse(
	status: number,
	body: unknown,
	headers: Headers | undefined,
	context: ErrorContext
): ProviderError {
	const read = readErrorBody(body);
	return describeFailure(
		{ status, ...read, retryAfterSeconds: retryAfterFromHeaders(headers) ?? read.retryAfterSeconds },
		context
	);
}

/** The core table: status and what the body says → code and message. */
export function describeFailure(failure: UpstreamFailure, context: ErrorContext, cause?: unknown): ProviderError {
	const { label } = context;
	const { status, message, kind } = failure;
	const options = { status, cause, ...(failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }) };
	const said = message ? ` It said: “${message}”` : '';

	if (kind === 'auth' || status === 401) {
		return new ProviderError('unauthorized', `The API key was rejected by ${label}. Check the key in Settings.`, options);
	}
	if (kind === 'quota' || status === 402) {
		return new ProviderError('quota_exceeded', `${label} says the quota is used up. Check your plan and billing, or pick another model.`, options);
	}
	if (kind === 'rate' || status === 429) {
		const wait = failure.retryAfterSeconds;
		const when = wait !== undefined ? `Retry in ${wait} s.` : 'Try again in a moment.';
		return new ProviderError('rate_limited', `${label} is getting too many requests. ${when}`, options);
	}
	if (kind === 'too_large' || status === 413) {
		return new ProviderError('too_large', `The conversation is too long for this model at ${label}. Start a new conversation or pick a model with a larger context.${said}`, options);
	}
	if (status === undefined) {
		return new ProviderError('upstream_error', `${label} failed in the middle of the reply.${said}`, options);
	}
	if (status === 403) return new ProviderError('forbidden', `${label} refused access.${said}`, options);
	if (status === 404) {
		return new ProviderError('not_found', `${label} has no such model or endpoint (HTTP 404). Check the URL in Settings and the model name.${said}`, options);
	}
	if (status === 400 || status === 409 || status === 422) {
		return new ProviderError('invalid_request', `${label} rejected the request.${said}`, options);
	}
	if (status >= 500) {
		return new ProviderError('upstream_error', `${label} had a server error (HTTP ${status}). Try again in a moment.`, options);
	}
	return new ProviderError('upstream_error', `${label} answered with HTTP ${status}.${said}`, options);
}

/**
 * Reads the error bodies in the wild: OpenAI `{error:{message,type,code}}`, Gemini
 * `{error:{code,message,status,details}}`, Ollama `{error:"…"}`, vLLM `{message,type}`.
 */
export function readErrorBody(body: unknown): Omit<UpstreamFailure, 'status'> {
	const root = asRecord(body);
	if (!root) return typeof body === 'string' && body.trim() ? { message: body.trim().slice(0, 300) } : {};
	if (typeof root['error'] === 'string') return { message: root['error'] };
	const error = asRecord(root['error']) ?? root;
	const message = typeof error['message'] === 'string' ? error['message'] : undefined;
	const codes = [error['code'], error['type'], error['status']].filter((c): c is string => typeof c === 'string');
	const details = Array.isArray(error['details']) ? error['details'].map(asRecord) : [];
	const reasons = details.map((d) => d?.['reason']);
	const quotaIds = details.flatMap((d) => (Array.isArray(d?.['violations']) ? d['violations'] : [])).map((v) => asRecord(v)?.['quotaId']);
	const retryDelay = details.map((d) => d?.['retryDelay']).find((d) => typeof d === 'string');

	let kind: UpstreamFailure['kind'];
	if (codes.includes('invalid_api_key') || reasons.includes('API_KEY_INVALID') || /unregistered callers|API key not valid/i.test(message ?? '')) {
		kind = 'auth';
	} else if (codes.includes('insufficient_quota') || quotaIds.some((id) => typeof id === 'string' && /PerDay/i.test(id))) {
		kind = 'quota';
	} else if (codes.includes('rate_limit_exceeded') || codes.includes('RESOURCE_EXHAUSTED')) {
		kind = 'rate';
	} else if (codes.includes('context_length_exceeded') || /exceeds the maximum number of tokens/i.test(message ?? '')) {
		kind = 'too_large';
	}
	const retryAfterSeconds = typeof retryDelay === 'string' ? secondsFromDuration(retryDelay) : retryAfterFromText(message);
	return { message, kind, retryAfterSeconds };
}

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms`, in whole seconds rounded up. */
export function retryAfterFromHeaders(headers: Headers | undefined, now = Date.now()): number | undefined {
	const ms = Number(headers?.get('retry-after-ms'));
	if (headers?.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return Math.ceil(ms / 1000);
	const value = headers?.get('retry-after')?.trim();
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value));
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The Gemini SDK's ApiError carries the status and the JSON body inside its message. */
function fromGeminiApiError(error: Error & { status?: unknown }, context: ErrorContext): ProviderError {
	const status = typeof error.status === 'number' ? error.status : undefined;
	const json = error.message.slice(Math.max(0, error.message.indexOf('{')));
	let body: unknown = error.message;
	try {
		body = JSON.parse(json) as unknown;
	} catch {
		// Not JSON (a proxy's HTML page, say): the message text is all there is.
	}
	// A mid-stream error frame arrives with its own code as `status`, after a 200.
	const midStream = error.message.startsWith('got status:');
	return describeFailure({ status: midStream ? undefined : status, ...readErrorBody(body) }, context, error);
}

function unreachable(context: ErrorContext, cause: unknown): ProviderError {
	const message = context.endpoint
		? `Could not reach ${context.endpoint}. Is the server running and the URL correct?`
		: `Could not reach ${context.label}. Check your internet connection.`;
	return new ProviderError('network', message, { cause });
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** fetch rejects with a TypeError whose message differs per runtime; Node adds a coded cause. */
function isNetworkFailure(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = asRecord(error.cause)?.['code'] ?? asRecord(error)?.['code'];
	if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
	return error instanceof TypeError && /fetch failed|failed to fetch|networkerror|load failed|network connection was lost/i.test(error.message);
}

function retryAfterFromText(message: string | undefined): number | undefined {
	const match = /try again in (\d+(?:\.\d+)?)(ms|s)\b/i.exec(message ?? '');
	if (!match) return undefined;
	const value = Number(match[1]);
	return Math.ceil(match[2] === 'ms' ? value / 1000 : value);
}

/** Protobuf durations as JSON: "7s", "0.5s". */
function secondsFromDuration(duration: string): number | undefined {
	const match = /^(\d+(?:\.\d+)?)s$/.exec(duration.trim());
	return match ? Math.ceil(Number(match[1])) : undefined;
}

function isNamed(error: unknown, name: string): boolean {
	return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
