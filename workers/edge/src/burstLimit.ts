// The per-client burst limit on chat calls, counted by one RateLimiter Durable Object per
// client. Refusals carry Retry-After and say in words when to try again.
import type { EdgeConfig } from './config.ts';
import { HttpError } from './errors.ts';
import type { RateLimiter } from './rateLimiterObject.ts';

/**
 * Who a request counts against. Cloudflare sets CF-Connecting-IP on every request and
 * overwrites any value a client sends; accounts will replace this with the user id.
 */
export function clientKey(request: Request): string {
	return `ip:${request.headers.get('CF-Connecting-IP') ?? 'unknown'}`;
}

/** Counts the call against its client; throws a 429 HttpError when over the limit. */
export async function admitClient(
	limiters: DurableObjectNamespace<RateLimiter>,
	request: Request,
	{ max, windowMs }: EdgeConfig['rateLimit']
): Promise<void> {
	const limiter = limiters.get(limiters.idFromName(clientKey(request)));
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
