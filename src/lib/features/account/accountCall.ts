// One JSON call to the edge and its failures as AccountError: what every API client (account,
// teams, usage, admin) builds on, and all that asking `/api/me` as the app opens needs — the
// rest of the account API (accountApi.ts) loads with the page or form that uses it
// (decision 0022, round 4).
import type { MeResponse } from '$lib/protocol/auth.ts';
import { meResponseSchema } from '$lib/protocol/authResponses.ts';
import { apiErrorSchema, type ErrorCode } from '$lib/protocol/models.ts';
import type * as core from 'zod/v4/core';

/** A classic or zod/mini schema: both check with `safeParse`. */
type AnswerSchema = core.$ZodType & { safeParse(data: unknown): { success: true; data: unknown } | { success: false } };

export class AccountError extends Error {
	override readonly name = 'AccountError';
	readonly code: ErrorCode | 'offline';
	constructor(code: ErrorCode | 'offline', message: string) {
		super(message);
		this.code = code;
	}
}

/** The server's explanation of a failed answer, as an AccountError. */
export async function responseError(response: Response): Promise<AccountError> {
	const body = apiErrorSchema.safeParse(await response.json().catch(() => null));
	if (body.success) return new AccountError(body.data.error.code, body.data.error.message);
	return new AccountError('upstream_error', `The server answered ${response.status} without an explanation. Try again in a moment.`);
}

/**
 * One JSON call to the edge (same-origin cookies), its answer checked by `schema` (null: no
 * body). Other features' API clients (teams, usage, admin) use it too.
 */
export async function call<T extends AnswerSchema | null>(path: string, init: RequestInit, schema: T): Promise<T extends AnswerSchema ? core.output<T> : void> {
	let response: Response;
	try {
		response = await fetch(path, {
			...init,
			credentials: 'same-origin',
			headers: init.body === undefined ? init.headers : { 'Content-Type': 'application/json', ...init.headers }
		});
	} catch {
		throw new AccountError('offline', 'Cannot reach the Atrium server: check your connection and try again.');
	}
	if (!response.ok) throw await responseError(response);
	if (schema === null) return undefined as never;
	const parsed = schema.safeParse(await response.json().catch(() => null));
	if (!parsed.success) throw new AccountError('upstream_error', 'The server sent an answer this version of Atrium does not understand. Reload the page.');
	return parsed.data as never;
}

export const post = (body?: unknown): RequestInit => (body === undefined ? { method: 'POST' } : { method: 'POST', body: JSON.stringify(body) });

/** Who this browser is signed in as (`user: null` when nobody is). */
export const fetchMe = (): Promise<MeResponse> => call('/api/me', {}, meResponseSchema);

/** A message for any failure, for forms to show. */
export function failureMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
