// /api/auth/oauth: signing in with GitHub or Google, and connecting one to the signed-in
// account (decision 0009). `POST /:provider/start` (a form post from the app, so the
// same-origin check applies) sets the state + PKCE cookie and sends the browser to the
// provider; `GET /:provider/callback` is where the provider sends it back. Every outcome is
// a redirect into the app: /account (or /sign-in for a code) on success, and the page the
// user came from with `?oauth_error=<code>` on failure.
import { Hono } from 'hono';
import { OAUTH_PROVIDER_NAMES, oauthIntentSchema, oauthProviderSchema, type OAuthFailure, type OAuthProvidersResponse } from '../../../../src/lib/protocol/oauth.ts';
import { appOrigin, setSessionCookie, type AuthContext, type AuthHono } from '../auth/authContext.ts';
import { linkIdentity, resolveIdentity } from '../auth/oauthAccounts.ts';
import { findOAuthProvider, readOAuthConfig, type OAuthProviderConfig } from '../auth/oauthConfig.ts';
import { authorizationUrl, fetchIdentity, OAuthFailureError } from '../auth/oauthIdentity.ts';
import { beginRoundTrip, dropRoundTrip, finishRoundTrip } from '../auth/oauthState.ts';
import { createSession, deleteSession } from '../auth/sessions.ts';
import { redactSecrets } from '../errors.ts';

/** Back into the app after a failure: the account page when signed in, else sign-in. */
function failed(c: AuthContext, failure: OAuthFailure): Response {
	const page = c.get('auth') ? '/account' : '/sign-in';
	return c.redirect(`${page}?oauth_error=${failure}`, c.req.method === 'POST' ? 303 : 302);
}

function redirectUri(c: AuthContext, provider: OAuthProviderConfig): string {
	return `${appOrigin(c)}/api/auth/oauth/${provider.id}/callback`;
}

function configured(c: AuthContext): OAuthProviderConfig | undefined {
	const id = oauthProviderSchema.safeParse(c.req.param('provider'));
	return id.success ? findOAuthProvider(c.env, id.data) : undefined;
}

export const oauthRoutes = new Hono<AuthHono>()
	.get('/providers', (c) => {
		const providers = readOAuthConfig(c.env).map((provider) => ({ id: provider.id, name: OAUTH_PROVIDER_NAMES[provider.id] }));
		return c.json({ providers } satisfies OAuthProvidersResponse);
	})
	.post('/:provider/start', (c) => {
		const provider = configured(c);
		if (!provider) return failed(c, 'not_configured');
		const intent = oauthIntentSchema.safeParse(c.req.query('intent') ?? 'sign-in');
		if (!intent.success) return failed(c, 'provider_error');
		if (intent.data === 'connect' && !c.get('auth')) return failed(c, 'not_signed_in');
		const trip = beginRoundTrip(c, provider.id, intent.data);
		return c.redirect(authorizationUrl(provider, redirectUri(c, provider), trip.state, trip.codeVerifier).toString(), 303);
	})
	.get('/:provider/callback', async (c) => {
		const provider = configured(c);
		if (!provider) return failed(c, 'not_configured');
		if (c.req.query('error') !== undefined) {
			// access_denied (the user said no) or any other refusal at the provider.
			dropRoundTrip(c);
			return failed(c, 'denied');
		}
		const finished = finishRoundTrip(c, provider.id, c.req.query('state'));
		if (!finished.ok) return failed(c, finished.failure);
		const code = c.req.query('code');
		if (!code) return failed(c, 'provider_error');

		let identity;
		try {
			identity = await fetchIdentity(provider, redirectUri(c, provider), code, finished.trip.codeVerifier);
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			console.error(redactSecrets(`oauth ${provider.id}: ${detail}`, [...c.get('config').secrets, provider.clientSecret]));
			return failed(c, error instanceof OAuthFailureError ? error.failure : 'provider_error');
		}

		const current = c.get('auth');
		if (finished.trip.intent === 'connect') {
			if (!current) return failed(c, 'not_signed_in');
			if (!(await linkIdentity(c.env.DB, current.user.id, provider.id, identity))) return failed(c, 'linked_elsewhere');
			return c.redirect(`/account?connected=${provider.id}`, 302);
		}

		const resolved = await resolveIdentity(c.env.DB, provider.id, identity);
		if (!resolved.ok) return failed(c, resolved.failure);
		if (resolved.user.disabledAt !== null) return failed(c, 'disabled');
		// The provider vouches for the first factor only: two-factor, when on, still asks for a code.
		const previous = current ?? c.get('pending');
		if (previous) await deleteSession(c.env, previous.session.id);
		const needsCode = resolved.user.totpKey !== null;
		const { token, session } = await createSession(c.env.DB, resolved.user.id, c.req.header('User-Agent'), !needsCode);
		setSessionCookie(c, token, session.expiresAt);
		return c.redirect(needsCode ? '/sign-in' : '/account', 302);
	});
