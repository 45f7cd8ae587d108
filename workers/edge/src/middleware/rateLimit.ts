// The per-client burst limit on chat calls, counted by one RateLimiter Durable Object per
// client. Refusals carry Retry-After and say in words when to try again.
import type { MiddlewareHandler } from 'hono';
import type { EdgeHono } from '../edgeContext.ts';
import { HttpError } from '../errors.ts';

/**
 * Who a request counts against. Cloudflare sets CF-Connecting-IP on every request and
 * overwrites any value a client sends; accounts will replace this with the user id.
 */
export function clientKey(request: Request): string {
	return `ip:${request.headers.get('CF-Connecting-IP') ?? 'unknown'}`;
}

export function burstRateLimit(): MiddlewareHandler<EdgeHono> {
	return async (c, next) => {
		const { max, windowMs } = c.get('config').rateLimit;
		const limiter = c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(clientKey(c.req.raw)));
		const decision = await limiter.hit({ limit: max, windowMs });
		if (!decision.allowed) {
			const seconds = Math.ceil(decision.retryAfterMs / 1000);
			throw new HttpError(
				'rate_limited',
				`Too many chat requests: this server allows ${max} every ${windowMs / 1000} s. ` +
					`Try again in ${seconds} s (after ${new Date(Date.now() + decision.retryAfterMs).toISOString()}).`,
				{ headers: { 'Retry-After': String(seconds) } }
			);
		}
		await next();
	};
}
