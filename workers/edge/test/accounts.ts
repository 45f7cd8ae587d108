// Helpers for the account tests: calls that look like the app's own (same origin, JSON,
// one client address per test unless given), a cookie jar of one session cookie, and the
// development outbox (EMAIL_OUTBOX=1) to read the links the edge emails.
import { env } from 'cloudflare:workers';
import { outboxResponseSchema, type OutboxMessage } from '../../../src/lib/protocol/auth.ts';
import type { EdgeEnv } from '../src/env.ts';
import { callEdge, clientIp, EDGE_ORIGIN, type EdgeCall } from './edge.ts';

/** Hashing a password costs a few hundred ms here; a flow hashes several times. */
export const FLOW_TIMEOUT_MS = 60_000;

export const OUTBOX_ENV: Partial<EdgeEnv> = { EMAIL_OUTBOX: '1' };
export const SESSION_COOKIE = '__Host-atrium_session';

export interface AccountCall {
	method?: string;
	body?: unknown;
	/** The session cookie's value. */
	session?: string;
	ip?: string;
	headers?: Record<string, string>;
	env?: Partial<EdgeEnv>;
}

export async function account(path: string, call: AccountCall = {}): Promise<EdgeCall> {
	const headers = new Headers({ Origin: EDGE_ORIGIN, 'CF-Connecting-IP': call.ip ?? clientIp(), ...call.headers });
	if (call.body !== undefined) headers.set('Content-Type', 'application/json');
	if (call.session !== undefined) headers.set('Cookie', `${SESSION_COOKIE}=${call.session}`);
	const init: RequestInit = { method: call.method ?? (call.body === undefined ? 'GET' : 'POST'), headers };
	if (call.body !== undefined) init.body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
	return callEdge(path, init, { ...OUTBOX_ENV, ...call.env });
}

/** The session cookie a response sets: its value, '' when it clears it, undefined when untouched. */
export function sessionCookie(response: Response): string | undefined {
	for (const line of response.headers.getSetCookie()) {
		const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line);
		if (match) return match[1];
	}
	return undefined;
}

export function uniqueEmail(label = 'user'): string {
	return `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

export const GOOD_PASSWORD = 'correct horse battery staple';

export async function outbox(to: string): Promise<OutboxMessage[]> {
	const { response } = await callEdge(`/api/dev/outbox?to=${encodeURIComponent(to)}`, {}, OUTBOX_ENV);
	return outboxResponseSchema.parse(await response.json()).messages;
}

/** The token of the newest link to `page` (`/verify-email`, `/reset-password`) sent to `to`. */
export async function latestLinkToken(to: string, page: string): Promise<string> {
	for (const message of await outbox(to)) {
		const match = new RegExp(`${EDGE_ORIGIN}${page}#token=([a-z2-7.]+)`).exec(message.text);
		if (match) return match[1]!;
	}
	throw new Error(`no ${page} link was sent to ${to}`);
}

/** Signs up, verifies through the emailed link, and returns the session it started. */
export async function createAccount(email = uniqueEmail(), password = GOOD_PASSWORD): Promise<{ email: string; session: string }> {
	const signUp = await account('/api/auth/sign-up', { body: { email, password } });
	if (signUp.response.status !== 202) throw new Error(`sign-up answered ${signUp.response.status}`);
	await signUp.settled();
	const verify = await account('/api/auth/verify-email', { body: { token: await latestLinkToken(email, '/verify-email') } });
	const session = sessionCookie(verify.response);
	if (verify.response.status !== 200 || !session) throw new Error(`verification answered ${verify.response.status}`);
	return { email, session };
}

export async function signIn(email: string, password = GOOD_PASSWORD, userAgent?: string): Promise<string> {
	const headers: Record<string, string> = userAgent ? { 'User-Agent': userAgent } : {};
	const { response } = await account('/api/auth/sign-in', { body: { email, password }, headers });
	const session = sessionCookie(response);
	if (response.status !== 200 || !session) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
	return session;
}

/** Who the session belongs to, per GET /api/me (null when it is not a valid session). */
export async function whoAmI(session: string): Promise<string | null> {
	const { response } = await account('/api/me', { session });
	const body = (await response.json()) as { user: { email: string } | null };
	return body.user?.email ?? null;
}

/** Direct D1 access, for moving expiry dates into the past. */
export const testDb = (): D1Database => env.DB;
