// Helpers for the OAuth tests: the bindings that point the edge at the fake provider
// (tests/fixtures/fakeOAuth.ts, started by globalSetup.ts), and a whole round trip as a
// browser makes it: the start form post, the provider's redirect, the callback.
import { inject } from 'vitest';
import { FAKE_OAUTH_CLIENTS, type FakeIdentity, type FakeOAuthProvider } from '../../../tests/fixtures/fakeOAuth.ts';
import type { EdgeEnv } from '../src/env.ts';
import { OUTBOX_ENV, SESSION_COOKIE, sessionCookie } from './accounts.ts';
import { callEdge, clientIp, EDGE_ORIGIN } from './edge.ts';

export const OAUTH_COOKIE = '__Host-atrium_oauth';

export function oauthEnv(): Partial<EdgeEnv> {
	const base = inject('fakeOAuthUrl');
	return {
		...OUTBOX_ENV,
		GITHUB_CLIENT_ID: FAKE_OAUTH_CLIENTS.github.id,
		GITHUB_CLIENT_SECRET: FAKE_OAUTH_CLIENTS.github.secret,
		GOOGLE_CLIENT_ID: FAKE_OAUTH_CLIENTS.google.id,
		GOOGLE_CLIENT_SECRET: FAKE_OAUTH_CLIENTS.google.secret,
		OAUTH_GITHUB_BASE_URL: `${base}/github`,
		OAUTH_GOOGLE_BASE_URL: `${base}/google`
	};
}

export async function setFakeIdentity(provider: FakeOAuthProvider, identity: FakeIdentity): Promise<void> {
	const response = await fetch(`${inject('fakeOAuthUrl')}/__fake/oauth/${provider}/identity`, {
		method: 'PUT',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(identity)
	});
	if (!response.ok) throw new Error(`fake identity not set: ${response.status}`);
}

/** A cookie a response sets: its value, '' when cleared, undefined when untouched. */
export function cookieFrom(response: Response, name: string): string | undefined {
	for (const line of response.headers.getSetCookie()) {
		const match = new RegExp(`^${name}=([^;]*)`).exec(line);
		if (match) return match[1];
	}
	return undefined;
}

export interface CookieJar {
	session?: string;
	oauth?: string;
}

export async function edgeGet(path: string, jar: CookieJar, env: Partial<EdgeEnv> = oauthEnv(), method = 'GET'): Promise<Response> {
	const cookies = [jar.session ? `${SESSION_COOKIE}=${jar.session}` : '', jar.oauth ? `${OAUTH_COOKIE}=${jar.oauth}` : ''].filter(Boolean);
	const headers = new Headers({ 'CF-Connecting-IP': clientIp() });
	if (method !== 'GET') headers.set('Origin', EDGE_ORIGIN);
	if (cookies.length > 0) headers.set('Cookie', cookies.join('; '));
	return (await callEdge(path, { method, headers, redirect: 'manual' }, env)).response;
}

/** POST /start: the provider's authorization URL and the round-trip cookie. */
export async function startRoundTrip(provider: FakeOAuthProvider, jar: CookieJar = {}, intent?: 'connect'): Promise<{ authorize: URL; oauth: string }> {
	const response = await edgeGet(`/api/auth/oauth/${provider}/start${intent ? `?intent=${intent}` : ''}`, jar, oauthEnv(), 'POST');
	if (response.status !== 303) throw new Error(`start answered ${response.status}: ${response.headers.get('Location')}`);
	const oauth = cookieFrom(response, OAUTH_COOKIE);
	if (!oauth) throw new Error('start set no round-trip cookie');
	return { authorize: new URL(response.headers.get('Location')!), oauth };
}

/** The fake provider's answer: where it sends the browser back (the edge's callback path + query). */
export async function authorizeAtProvider(authorize: URL): Promise<string> {
	const response = await fetch(authorize, { redirect: 'manual' });
	if (response.status !== 302) throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
	const back = new URL(response.headers.get('Location')!);
	if (back.origin !== EDGE_ORIGIN) throw new Error(`provider redirected to ${back.origin}`);
	return back.pathname + back.search;
}

export interface RoundTripResult {
	response: Response;
	/** Where the callback sends the browser (path + query). */
	location: string;
	/** The session cookie it set, if any. */
	session: string | undefined;
}

/** start → provider → callback, as one browser with `jar`'s cookies. */
export async function oauthRoundTrip(provider: FakeOAuthProvider, identity: FakeIdentity, jar: CookieJar = {}, intent?: 'connect'): Promise<RoundTripResult> {
	await setFakeIdentity(provider, identity);
	const { authorize, oauth } = await startRoundTrip(provider, jar, intent);
	const callback = await authorizeAtProvider(authorize);
	const response = await edgeGet(callback, { ...jar, oauth });
	return { response, location: response.headers.get('Location') ?? '', session: sessionCookie(response) || undefined };
}

export function githubUser(email?: string, extra: Partial<FakeIdentity> = {}): FakeIdentity {
	const id = String(crypto.getRandomValues(new Uint32Array(1))[0]);
	return { id, login: `octo${id}`, ...(email ? { email } : {}), ...extra };
}
