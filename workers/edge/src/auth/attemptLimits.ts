// Per-client limits on the account endpoints, counted by the same RateLimiter Durable
// Object as the chat burst limit, one object per (action, client address). A refusal is a
// 429 whose Retry-After and message say when to try again. Separately, one address gets
// at most a few emails an hour, however many clients ask, so nobody can flood a mailbox.
import type { Context } from 'hono';
import { clientKey } from '../burstLimit.ts';
import { HttpError } from '../errors.ts';
import type { RateLimiter } from '../rateLimiterObject.ts';
import type { AuthHono } from './authContext.ts';
import { hashSecret } from './tokens.ts';

export type AttemptKind = 'sign-in' | 'sign-up' | 'reset' | 'verify' | 'two-factor' | 'magic-link';

const WHAT: Record<AttemptKind, string> = {
	'sign-in': 'sign-in attempts',
	'sign-up': 'sign-ups',
	reset: 'password reset requests',
	verify: 'link checks',
	'two-factor': 'two-factor codes',
	'magic-link': 'sign-in link requests'
};

const EMAILS_PER_ADDRESS = { limit: 5, windowMs: 60 * 60 * 1000 };

/**
 * Counts one attempt by this client address, and by `accountId` too when given (so
 * spreading guesses at one account's codes over many addresses does not help).
 */
export async function admitAttempt(c: Context<AuthHono>, kind: AttemptKind, accountId?: string): Promise<void> {
	const policy = c.get('authConfig').attemptLimit;
	const limiters = c.env.RATE_LIMITER;
	const keys = [`auth:${kind}:${clientKey(c.req.raw)}`, ...(accountId ? [`auth:${kind}:user:${accountId}`] : [])];
	const decisions = await Promise.all(keys.map((key) => limiters.get(limiters.idFromName(key)).hit(policy)));
	const decision = decisions.find((d) => !d.allowed) ?? decisions[0]!;
	if (decision.allowed) return;
	const seconds = Math.ceil(decision.retryAfterMs / 1000);
	throw new HttpError(
		'rate_limited',
		`Too many ${WHAT[kind]} from your network: this server allows ${policy.limit} every ${policy.windowMs / 1000} s. ` +
			`Try again in ${seconds} s (after ${new Date(Date.now() + decision.retryAfterMs).toISOString()}).`,
		{ headers: { 'Retry-After': String(seconds) } }
	);
}

/** Counts one email to `address`; false when it has had its share this hour. */
export async function mayEmail(limiters: DurableObjectNamespace<RateLimiter>, address: string): Promise<boolean> {
	// Hashed, so object names in logs and dashboards do not list customers' addresses.
	const limiter = limiters.get(limiters.idFromName(`auth:email:${hashSecret(address)}`));
	return (await limiter.hit(EMAILS_PER_ADDRESS)).allowed;
}
