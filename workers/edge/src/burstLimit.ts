// The per-client burst limit on chat calls, counted by one RateLimiter Durable Object per
// client. Refusals carry Retry-After and say in words when to try again.
import type { EdgeConfig } from './config.ts';
import { HttpError } from './errors.ts';
import type { RateLimiter } from './rateLimiterObject.ts';

/**
 * Who an anonymous request counts against. Cloudflare sets CF-Connecting-IP on every
 * request and overwrites any value a client sends. Signed-in callers count by user id
 * (quota/caller.ts).
 */
export function clientKey(request: Request): string {
	return `ip:${request.headers.get('CF-Connecting-IP') ?? 'unknown'}`;
}

/** Counts the call against its caller's key; throws a 429 HttpError when over the limit. */
export async function admitClient(
	limiters: DurableObjectNamespace<RateLimiter>,
	callerKey: string,
	{ max, windowMs }: EdgeConfig['rateLimit']
): Promise<void> {
	const limiter = limiters.get(limiters.idFromName(callerKey));
	const decision = await limiter.hit({ limit: max, windowMs });
	if (decision.allowed) return;
	const seconds = Math.ceil(decision.retryAfterMs / 1000);
	throw new HttpError(
		'rate_limited',
		`Too many chat requests: this server allows ${max} every ${windowMs / 1000} s. ` +
			`Try again in ${seconds} s (after ${new Date(Date.now() + decision.retryAfterMs).toISOString()}).`,
		{ headers: { 'Retry-After': String(seconds) } }
	);
}
