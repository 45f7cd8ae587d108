// The app's calls to the edge's account API. Every answer is checked against the shared
// protocol; every failure becomes an AccountError whose message can be shown as it is.
import type {
	AccountUser,
	ChangePasswordRequest,
	MeResponse,
	RecoveryCodesResponse,
	ResetPasswordRequest,
	SessionInfo,
	SignInRequest,
	SignInResponse,
	SignUpRequest,
	TotpSetupResponse
} from '$lib/protocol/auth.ts';
// The answers' schemas are zod/mini (no classic zod in the first screen, decision 0022).
import {
	acceptedResponseSchema,
	meResponseSchema,
	recoveryCodesResponseSchema,
	sessionsResponseSchema,
	signedInResponseSchema,
	signInResponseSchema,
	totpSetupResponseSchema
} from '$lib/protocol/authResponses.ts';
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

export const accountApi = {
	me: (): Promise<MeResponse> => call('/api/me', {}, meResponseSchema),
	signUp: async (body: SignUpRequest): Promise<string> => (await call('/api/auth/sign-up', post(body), acceptedResponseSchema)).message,
	verifyEmail: async (token: string): Promise<AccountUser> => (await call('/api/auth/verify-email', post({ token }), signedInResponseSchema)).user,
	signIn: (body: SignInRequest): Promise<SignInResponse> => call('/api/auth/sign-in', post(body), signInResponseSchema),
	verifySecondFactor: async (code: string): Promise<AccountUser> =>
		(await call('/api/auth/two-factor/verify', post({ code }), signedInResponseSchema)).user,
	requestMagicLink: async (email: string): Promise<string> =>
		(await call('/api/auth/magic-link/request', post({ email }), acceptedResponseSchema)).message,
	verifyMagicLink: (token: string): Promise<SignInResponse> => call('/api/auth/magic-link/verify', post({ token }), signInResponseSchema),
	setupTotp: (): Promise<TotpSetupResponse> => call('/api/auth/two-factor/setup', post(), totpSetupResponseSchema),
	enableTotp: (code: string): Promise<RecoveryCodesResponse> => call('/api/auth/two-factor/enable', post({ code }), recoveryCodesResponseSchema),
	disableTotp: async (code: string): Promise<AccountUser> => (await call('/api/auth/two-factor/disable', post({ code }), signedInResponseSchema)).user,
	signOut: (): Promise<void> => call('/api/auth/sign-out', post(), null),
	signOutEverywhere: (): Promise<void> => call('/api/auth/sign-out-everywhere', post(), null),
	requestPasswordReset: async (email: string): Promise<string> =>
		(await call('/api/auth/password-reset/request', post({ email }), acceptedResponseSchema)).message,
	confirmPasswordReset: async (body: ResetPasswordRequest): Promise<string> =>
		(await call('/api/auth/password-reset/confirm', post(body), acceptedResponseSchema)).message,
	changePassword: async (body: ChangePasswordRequest): Promise<AccountUser> =>
		(await call('/api/auth/password', post(body), signedInResponseSchema)).user,
	sessions: async (): Promise<SessionInfo[]> => (await call('/api/auth/sessions', {}, sessionsResponseSchema)).sessions,
	revokeSession: (id: string): Promise<void> => call(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }, null)
};

/** A message for any failure, for forms to show. */
export function failureMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
