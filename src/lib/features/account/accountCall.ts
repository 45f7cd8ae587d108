// One JSON call to the edge and its failures as AccountError: what every API client (account,
// teams, usage, admin) builds on, and all that asking `/api/me` as the app opens needs — the
// rest of the account API (accountApi.ts) loads with the page or form that uses it
// (decision 0022, round 4). Its answers' schemas load with the first answer that needs one
// (decision 0034): a signed-out `/api/me` fetches no zod.
import type { MeResponse } from '$lib/protocol/auth.ts';
import { checkAnswer, type AnswerSchema, type SchemaOnDemand } from '$lib/protocol/checkOnDemand.ts';
import type { ErrorCode } from '$lib/protocol/models.ts';
import { apiErrorAnswer, meAnswer } from '$lib/protocol/startupAnswers.ts';
import type * as core from 'zod/v4/core';

/** A loaded schema (zod's types say what it gives), or one loaded on demand. */
type Check = (core.$ZodType & AnswerSchema) | SchemaOnDemand<unknown>;
type CheckedBy<T> = T extends SchemaOnDemand<infer U> ? U : T extends core.$ZodType ? core.output<T> : void;

const OFFLINE = 'Cannot reach the Atrium server: check your connection and try again.';

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
	const body = await checked(await response.json().catch(() => null), apiErrorAnswer);
	if (body instanceof AccountError) return body;
	if (body.success) return new AccountError(body.data.error.code, body.data.error.message);
	return new AccountError('upstream_error', `The server answered ${response.status} without an explanation. Try again in a moment.`);
}

/**
 * One JSON call to the edge (same-origin cookies), its answer checked by `schema` (null: no
 * body). Other features' API clients (teams, usage, admin) use it too.
 */
export async function call<T extends Check | null>(path: string, init: RequestInit, schema: T): Promise<CheckedBy<T>> {
	let response: Response;
	try {
		response = await fetch(path, {
			...init,
			credentials: 'same-origin',
			headers: init.body === undefined ? init.headers : { 'Content-Type': 'application/json', ...init.headers }
		});
	} catch {
		throw new AccountError('offline', OFFLINE);
	}
	if (!response.ok) throw await responseError(response);
	if (schema === null) return undefined as never;
	const parsed = await checked(await response.json().catch(() => null), schema);
	if (parsed instanceof AccountError) throw parsed;
	if (!parsed.success) throw new AccountError('upstream_error', 'The server sent an answer this version of Atrium does not understand. Reload the page.');
	return parsed.data as never;
}

export const post = (body?: unknown): RequestInit => (body === undefined ? { method: 'POST' } : { method: 'POST', body: JSON.stringify(body) });

/** Who this browser is signed in as (`user: null` when nobody is). */
export const fetchMe = (): Promise<MeResponse> => call('/api/me', {}, meAnswer);

/** `data` checked by `schema`; a schema that cannot load is the connection's fault, said so. */
function checked<T>(data: unknown, schema: AnswerSchema<T> | SchemaOnDemand<T>) {
	return checkAnswer(data, schema).catch(() => new AccountError('offline', OFFLINE));
}

/** A message for any failure, for forms to show. */
export function failureMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
