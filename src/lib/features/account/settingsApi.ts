// The app's calls for account settings (decision 0009): profile, email change, connected
// providers, export and deletion. Same error handling as accountApi.ts.
import {
	profileResponseSchema,
	type ChangeEmailRequest,
	type DeleteAccountRequest
} from '$lib/protocol/account.ts';
import { acceptedResponseSchema, signedInResponseSchema, type AccountUser } from '$lib/protocol/auth.ts';
import {
	linkedAccountsResponseSchema,
	oauthProvidersResponseSchema,
	type LinkedAccountsResponse,
	type OAuthProvider,
	type OAuthProvidersResponse
} from '$lib/protocol/oauth.ts';
import { AccountError, call, post, responseError } from './accountCall.ts';

export const settingsApi = {
	providers: (): Promise<OAuthProvidersResponse> => call('/api/auth/oauth/providers', {}, oauthProvidersResponseSchema),
	displayName: async (): Promise<string | null> => (await call('/api/account/profile', {}, profileResponseSchema)).displayName,
	saveDisplayName: async (displayName: string): Promise<string | null> =>
		(await call('/api/account/profile', { method: 'PUT', body: JSON.stringify({ displayName }) }, profileResponseSchema)).displayName,
	changeEmail: async (body: ChangeEmailRequest): Promise<string> => (await call('/api/account/email', post(body), acceptedResponseSchema)).message,
	confirmEmailChange: async (token: string): Promise<AccountUser> =>
		(await call('/api/account/email/confirm', post({ token }), signedInResponseSchema)).user,
	linkedAccounts: (): Promise<LinkedAccountsResponse> => call('/api/account/oauth', {}, linkedAccountsResponseSchema),
	disconnect: (provider: OAuthProvider): Promise<LinkedAccountsResponse> =>
		call(`/api/account/oauth/${provider}`, { method: 'DELETE' }, linkedAccountsResponseSchema),
	deleteAccount: (body: DeleteAccountRequest): Promise<void> => call('/api/account/delete', post(body), null),
	/** The export as a file: its bytes and the name the server gave it. */
	async exportData(): Promise<{ blob: Blob; filename: string }> {
		let response: Response;
		try {
			response = await fetch('/api/account/export/archive', { credentials: 'same-origin' });
		} catch {
			throw new AccountError('offline', 'Cannot reach the Atrium server: check your connection and try again.');
		}
		if (!response.ok) throw await responseError(response);
		const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'atrium-account.zip';
		return { blob: await response.blob(), filename };
	}
};
