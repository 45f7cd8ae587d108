// Wire shapes for sign-in through an OAuth provider (decision 0009), shared by the app and
// the edge: the providers, which ones this server has configured, the accounts linked to
// the signed-in user, and the failure codes the callback redirects with. The edge sends a
// code, never text, in the address bar, and the app words it from OAUTH_FAILURES.
import { z } from 'zod';

export const OAUTH_PROVIDERS = ['github', 'google'] as const;
export const oauthProviderSchema = z.enum(OAUTH_PROVIDERS, { error: 'Unknown sign-in provider: use github or google.' });
export type OAuthProvider = z.infer<typeof oauthProviderSchema>;

export const OAUTH_PROVIDER_NAMES: Record<OAuthProvider, string> = { github: 'GitHub', google: 'Google' };

/** What the sign-in page offers: only providers this server has a client id and secret for. */
export const oauthProvidersResponseSchema = z.object({
	providers: z.array(z.object({ id: oauthProviderSchema, name: z.string() }))
});
export type OAuthProvidersResponse = z.infer<typeof oauthProvidersResponseSchema>;

/** Signing in (or creating an account), or linking a provider to the signed-in account. */
export const oauthIntentSchema = z.enum(['sign-in', 'connect']);
export type OAuthIntent = z.infer<typeof oauthIntentSchema>;

export const linkedAccountSchema = z.object({
	provider: oauthProviderSchema,
	/** The provider's name for the identity (GitHub login, Google email). */
	label: z.string(),
	createdAt: z.string()
});
export type LinkedAccount = z.infer<typeof linkedAccountSchema>;

export const linkedAccountsResponseSchema = z.object({
	accounts: z.array(linkedAccountSchema),
	/** Providers this server offers, linked or not. */
	available: z.array(oauthProviderSchema),
	/** Whether the account has a password (the other way to sign in). */
	hasPassword: z.boolean()
});
export type LinkedAccountsResponse = z.infer<typeof linkedAccountsResponseSchema>;

/** Why an OAuth round trip failed; the callback redirects with `?oauth_error=<code>`. */
export const OAUTH_FAILURES = {
	denied: 'You cancelled at the provider, so nothing changed. Choose another way to sign in, or try again.',
	expired: 'That sign-in took too long (or this browser lost its cookie): start again.',
	state_mismatch: 'That sign-in answer did not match a sign-in started in this browser, so it was refused. Start again from this page.',
	unverified_email: 'The provider has no verified email address for you. Verify one there (or make it primary), then try again.',
	provider_error: 'The provider did not answer as expected. Try again in a moment.',
	not_configured: 'This server does not offer that provider.',
	linked_elsewhere: 'That provider account is already linked to another Atrium account. Sign in with it there, or disconnect it first.',
	not_signed_in: 'Sign in first, then connect the provider from your account page.',
	disabled: 'This account has been disabled by an administrator: it cannot sign in.'
} as const;
export type OAuthFailure = keyof typeof OAUTH_FAILURES;

export function oauthFailureMessage(code: string | null): string | undefined {
	return code !== null && Object.hasOwn(OAUTH_FAILURES, code) ? OAUTH_FAILURES[code as OAuthFailure] : undefined;
}
