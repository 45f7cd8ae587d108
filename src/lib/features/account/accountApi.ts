// The app's calls to the edge's account API. Every answer is checked against the shared
// protocol; every failure becomes an AccountError whose message can be shown as it is
// (the call itself, its errors and `/api/me` are in accountCall.ts, which the app opens with
// and the other API clients build on).
import type {
	AccountUser,
	ChangePasswordRequest,
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
	recoveryCodesResponseSchema,
	sessionsResponseSchema,
	signedInResponseSchema,
	signInResponseSchema,
	totpSetupResponseSchema
} from '$lib/protocol/authResponses.ts';
import { call, fetchMe, post } from './accountCall.ts';


export const accountApi = {
	me: fetchMe,
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
