import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { describe, expect, it } from 'vitest';
import { totpSetupResponseSchema } from '../../../../src/lib/protocol/auth.ts';
import { oauthProvidersResponseSchema } from '../../../../src/lib/protocol/oauth.ts';
import { account, createAccount, FLOW_TIMEOUT_MS, GOOD_PASSWORD, latestLinkToken, SESSION_COOKIE, uniqueEmail, whoAmI } from '../../test/accounts.ts';
import {
	authorizeAtProvider,
	cookieFrom,
	edgeGet,
	githubUser,
	OAUTH_COOKIE,
	oauthEnv,
	oauthRoundTrip,
	setFakeIdentity,
	startRoundTrip
} from '../../test/oauth.ts';

describe('OAuth configuration', () => {
	it('offers only the providers with a client id and secret', async () => {
		const both = await account('/api/auth/oauth/providers', { env: oauthEnv() });
		expect(oauthProvidersResponseSchema.parse(await both.response.json()).providers).toEqual([
			{ id: 'github', name: 'GitHub' },
			{ id: 'google', name: 'Google' }
		]);
		const none = await account('/api/auth/oauth/providers');
		expect(await none.response.json()).toEqual({ providers: [] });
		const githubOnly = await account('/api/auth/oauth/providers', { env: { ...oauthEnv(), GOOGLE_CLIENT_ID: '', GOOGLE_CLIENT_SECRET: '' } });
		expect(oauthProvidersResponseSchema.parse(await githubOnly.response.json()).providers.map((p) => p.id)).toEqual(['github']);
	});

	it('refuses half a configuration loudly, and starts no round trip for an unconfigured provider', async () => {
		const half = await account('/api/auth/oauth/providers', { env: { GITHUB_CLIENT_ID: 'id-only' } });
		expect(half.response.status).toBe(500);
		const start = await edgeGet('/api/auth/oauth/google/start', {}, {}, 'POST');
		expect(start.status).toBe(303);
		expect(start.headers.get('Location')).toBe('/sign-in?oauth_error=not_configured');
		expect(cookieFrom(start, OAUTH_COOKIE)).toBeUndefined();
		const unknown = await edgeGet('/api/auth/oauth/myspace/start', {}, oauthEnv(), 'POST');
		expect(unknown.headers.get('Location')).toBe('/sign-in?oauth_error=not_configured');
	});

	it('starts with state and PKCE S256 in a HttpOnly, Secure, SameSite=Lax __Host- cookie', async () => {
		const { authorize, oauth } = await startRoundTrip('github');
		expect(authorize.pathname).toBe('/github/login/oauth/authorize');
		expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
		expect(authorize.searchParams.get('redirect_uri')).toBe('https://edge.test/api/auth/oauth/github/callback');
		expect(oauth).toContain(authorize.searchParams.get('state'));
		const start = await edgeGet('/api/auth/oauth/github/start', {}, oauthEnv(), 'POST');
		const line = start.headers.getSetCookie().find((l) => l.startsWith(`${OAUTH_COOKIE}=`))!;
		expect(line).toMatch(/HttpOnly/);
		expect(line).toMatch(/Secure/);
		expect(line).toMatch(/SameSite=Lax/);
		expect(line).toMatch(/Path=\//);
	});

	it('refuses a start posted from another site', async () => {
		const { response } = await account('/api/auth/oauth/github/start', { method: 'POST', headers: { Origin: 'https://evil.example' }, env: oauthEnv() });
		expect(response.status).toBe(403);
	});
});

describe('OAuth sign-in', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('creates a verified, password-less account for a new GitHub user, and signs the same identity in again', async () => {
		const email = uniqueEmail('gh');
		const identity = githubUser(email.toUpperCase());
		const first = await oauthRoundTrip('github', identity);
		expect(first.response.status).toBe(302);
		expect(first.location).toBe('/account');
		expect(cookieFrom(first.response, OAUTH_COOKIE)).toBe('');
		expect(await whoAmI(first.session!)).toBe(email);
		const me = await account('/api/me', { session: first.session! });
		expect(await me.response.json()).toMatchObject({ user: { email, emailVerified: true } });

		// No password: any password is refused exactly like for an unknown address.
		const withPassword = await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD } });
		const unknown = await account('/api/auth/sign-in', { body: { email: uniqueEmail('nobody'), password: GOOD_PASSWORD } });
		expect(withPassword.response.status).toBe(401);
		expect(await withPassword.response.json()).toEqual(await unknown.response.json());

		// The identity, not the address, is what signs in later (the GitHub address changed).
		const again = await oauthRoundTrip('github', { ...identity, email: uniqueEmail('other') });
		expect(await whoAmI(again.session!)).toBe(email);
	});

	it('links Google to an existing account by an address Google verified; the password still works', async () => {
		const { email } = await createAccount();
		const result = await oauthRoundTrip('google', { id: `g-${crypto.randomUUID()}`, email });
		expect(result.location).toBe('/account');
		expect(await whoAmI(result.session!)).toBe(email);
		const signIn = await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD } });
		expect(signIn.response.status).toBe(200);
	});

	it('does not link or create by an address the provider has not verified', async () => {
		const { email } = await createAccount();
		const google = await oauthRoundTrip('google', { id: `g-${crypto.randomUUID()}`, email, emailVerified: false });
		expect(google.location).toBe('/sign-in?oauth_error=unverified_email');
		expect(google.session).toBeUndefined();
		const fresh = uniqueEmail('unverified');
		const github = await oauthRoundTrip('github', githubUser(fresh, { emailVerified: false }));
		expect(github.location).toBe('/sign-in?oauth_error=unverified_email');
		const noEmail = await oauthRoundTrip('github', githubUser());
		expect(noEmail.location).toBe('/sign-in?oauth_error=unverified_email');
		// Nothing was created for the unverified address: a sign-up for it is an ordinary new one.
		const signIn = await account('/api/auth/sign-in', { body: { email: fresh, password: GOOD_PASSWORD } });
		expect(signIn.response.status).toBe(401);
	});

	it('takes over an address someone signed up for but never verified: their password and link stop working', async () => {
		const email = uniqueEmail('prehijack');
		await (await account('/api/auth/sign-up', { body: { email, password: GOOD_PASSWORD } })).settled();
		const link = await latestLinkToken(email, '/verify-email');
		const result = await oauthRoundTrip('github', githubUser(email));
		expect(await whoAmI(result.session!)).toBe(email);
		expect((await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD } })).response.status).toBe(401);
		expect((await account('/api/auth/verify-email', { body: { token: link } })).response.status).toBe(400);
		expect(await whoAmI(result.session!)).toBe(email);
	});
});

describe('OAuth and two-factor', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('counts the provider as the first factor only: the session waits for a code', async () => {
		const { email, session } = await createAccount();
		const { secret } = totpSetupResponseSchema.parse(await (await account('/api/auth/two-factor/setup', { method: 'POST', session })).response.json());
		const code = (ahead: number) => generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30_000) + ahead), 6);
		expect((await account('/api/auth/two-factor/enable', { body: { code: code(0) }, session })).response.status).toBe(200);

		const result = await oauthRoundTrip('google', { id: `g-${crypto.randomUUID()}`, email });
		expect(result.location).toBe('/sign-in');
		expect(await (await account('/api/me', { session: result.session! })).response.json()).toEqual({ user: null, twoFactorPending: true });
		const verify = await account('/api/auth/two-factor/verify', { body: { code: code(1) }, session: result.session! });
		expect(verify.response.status).toBe(200);
		expect(await whoAmI(result.session!)).toBe(email);
	});
});

describe('OAuth failures', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('explains a refusal at the provider and clears the round trip', async () => {
		const result = await oauthRoundTrip('github', githubUser(uniqueEmail(), { deny: true }));
		expect(result.location).toBe('/sign-in?oauth_error=denied');
		expect(result.session).toBeUndefined();
		expect(cookieFrom(result.response, OAUTH_COOKIE)).toBe('');
	});

	it('refuses an answer for a round trip this browser did not start (forged or swapped state)', async () => {
		await setFakeIdentity('github', githubUser(uniqueEmail()));
		const mine = await startRoundTrip('github');
		const attackers = await startRoundTrip('github');
		const attackersCallback = await authorizeAtProvider(attackers.authorize);
		const swapped = await edgeGet(attackersCallback, { oauth: mine.oauth });
		expect(swapped.headers.get('Location')).toBe('/sign-in?oauth_error=state_mismatch');
		expect(cookieFrom(swapped, SESSION_COOKIE)).toBeUndefined();
		// The same answer without any cookie: expired (or cookies blocked), not a sign-in.
		const noCookie = await edgeGet(attackersCallback, {});
		expect(noCookie.headers.get('Location')).toBe('/sign-in?oauth_error=expired');
	});

	it('refuses an answer that comes back after the 10 minutes a round trip may take', async () => {
		await setFakeIdentity('github', githubUser(uniqueEmail()));
		const { authorize, oauth } = await startRoundTrip('github');
		const callback = await authorizeAtProvider(authorize);
		const [provider, intent, , state, verifier] = oauth.split('.');
		const old = [provider, intent, Date.now() - 11 * 60 * 1000, state, verifier].join('.');
		const late = await edgeGet(callback, { oauth: old });
		expect(late.headers.get('Location')).toBe('/sign-in?oauth_error=expired');
	});

	it('fails cleanly when the code exchange is refused (wrong PKCE verifier, reused code)', async () => {
		await setFakeIdentity('google', { id: `g-${crypto.randomUUID()}`, email: uniqueEmail() });
		const { authorize, oauth } = await startRoundTrip('google');
		const callback = await authorizeAtProvider(authorize);
		const parts = oauth.split('.');
		parts[4] = 'A'.repeat(43);
		const wrongVerifier = await edgeGet(callback, { oauth: parts.join('.') });
		expect(wrongVerifier.headers.get('Location')).toBe('/sign-in?oauth_error=provider_error');

		const fresh = await startRoundTrip('google');
		const freshCallback = await authorizeAtProvider(fresh.authorize);
		const ok = await edgeGet(freshCallback, { oauth: fresh.oauth });
		expect(ok.headers.get('Location')).toBe('/account');
		const reused = await edgeGet(freshCallback, { oauth: fresh.oauth });
		expect(reused.headers.get('Location')).toBe('/sign-in?oauth_error=provider_error');
	});
});

describe('connecting a provider to the signed-in account', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('links GitHub to the account, and refuses the same GitHub user for another account', async () => {
		const alice = await createAccount();
		const identity = githubUser(uniqueEmail('alice-gh'));
		const connect = await oauthRoundTrip('github', identity, { session: alice.session }, 'connect');
		expect(connect.location).toBe('/account?connected=github');
		const signIn = await oauthRoundTrip('github', identity);
		expect(await whoAmI(signIn.session!)).toBe(alice.email);

		const bob = await createAccount();
		const stolen = await oauthRoundTrip('github', identity, { session: bob.session }, 'connect');
		expect(stolen.location).toBe('/account?oauth_error=linked_elsewhere');
	});

	it('needs a signed-in session to connect', async () => {
		const start = await edgeGet('/api/auth/oauth/github/start?intent=connect', {}, oauthEnv(), 'POST');
		expect(start.headers.get('Location')).toBe('/sign-in?oauth_error=not_signed_in');
	});
});
