// The provider side of an OAuth sign-in (decision 0009), through arctic's generic OAuth 2.0
// client so the endpoints come from configuration: the authorization URL (with state and
// PKCE S256), the code exchange, and who the user is at the provider. Only an address the
// provider says is verified comes back as `email`; anything unexpected is a provider error.
import { CodeChallengeMethod, OAuth2Client } from 'arctic';
import { z } from 'zod';
import type { OAuthFailure } from '../../../../src/lib/protocol/oauth.ts';
import type { OAuthProviderConfig } from './oauthConfig.ts';

export interface ProviderIdentity {
	/** The provider's stable id for the user. */
	providerUserId: string;
	/** How to show the identity (GitHub login, Google address). */
	label: string;
	/** A verified address, normalized; undefined when the provider vouches for none. */
	email: string | undefined;
}

/** A failed round trip, with the code the callback redirects with. */
export class OAuthFailureError extends Error {
	override readonly name = 'OAuthFailureError';
	readonly failure: OAuthFailure;
	constructor(failure: OAuthFailure, detail?: string) {
		super(detail ?? failure);
		this.failure = failure;
	}
}

const REQUEST_TIMEOUT_MS = 10_000;

function client(provider: OAuthProviderConfig, redirectUri: string): OAuth2Client {
	return new OAuth2Client(provider.clientId, provider.clientSecret, redirectUri);
}

export function authorizationUrl(provider: OAuthProviderConfig, redirectUri: string, state: string, codeVerifier: string): URL {
	return client(provider, redirectUri).createAuthorizationURLWithPKCE(
		provider.endpoints.authorize,
		state,
		CodeChallengeMethod.S256,
		codeVerifier,
		provider.scopes
	);
}

/** Exchanges the code (with the PKCE verifier) and asks the provider who the user is. */
export async function fetchIdentity(provider: OAuthProviderConfig, redirectUri: string, code: string, codeVerifier: string): Promise<ProviderIdentity> {
	let accessToken: string;
	try {
		const tokens = await client(provider, redirectUri).validateAuthorizationCode(provider.endpoints.token, code, codeVerifier);
		accessToken = tokens.accessToken();
	} catch (error) {
		throw new OAuthFailureError('provider_error', `token exchange failed: ${error instanceof Error ? error.message : String(error)}`);
	}
	return provider.id === 'github' ? githubIdentity(provider, accessToken) : googleIdentity(provider, accessToken);
}

async function getJson<T extends z.ZodType>(url: string, accessToken: string, schema: T): Promise<z.output<T>> {
	let response: Response;
	try {
		response = await fetch(url, {
			headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json', 'User-Agent': 'Atrium' },
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
		});
	} catch (error) {
		throw new OAuthFailureError('provider_error', `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
	}
	if (!response.ok) {
		await response.body?.cancel();
		throw new OAuthFailureError('provider_error', `GET ${url} answered ${response.status}`);
	}
	const parsed = schema.safeParse(await response.json().catch(() => undefined));
	if (!parsed.success) throw new OAuthFailureError('provider_error', `GET ${url} answered an unexpected shape`);
	return parsed.data;
}

const githubUserSchema = z.object({ id: z.number().int(), login: z.string().min(1) });
const githubEmailsSchema = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

async function githubIdentity(provider: OAuthProviderConfig, accessToken: string): Promise<ProviderIdentity> {
	const [user, emails] = await Promise.all([
		getJson(provider.endpoints.user, accessToken, githubUserSchema),
		getJson(provider.endpoints.emails ?? `${provider.endpoints.user}/emails`, accessToken, githubEmailsSchema)
	]);
	const verified = emails.filter((entry) => entry.verified);
	const chosen = verified.find((entry) => entry.primary) ?? verified[0];
	return { providerUserId: String(user.id), label: user.login, email: chosen ? validEmail(chosen.email) : undefined };
}

const googleUserSchema = z.object({ sub: z.string().min(1), email: z.string().optional(), email_verified: z.boolean().optional() });

async function googleIdentity(provider: OAuthProviderConfig, accessToken: string): Promise<ProviderIdentity> {
	const user = await getJson(provider.endpoints.user, accessToken, googleUserSchema);
	const email = user.email && user.email_verified === true ? validEmail(user.email) : undefined;
	return { providerUserId: user.sub, label: user.email ?? user.sub, email };
}

const emailShape = z.string().trim().toLowerCase().max(254).pipe(z.email());

function validEmail(email: string): string | undefined {
	const parsed = emailShape.safeParse(email);
	return parsed.success ? parsed.data : undefined;
}
