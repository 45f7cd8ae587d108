// Account settings read from the edge's bindings once per env object, validated like the
// rest of the configuration (config.ts): a malformed value fails loudly, naming the binding.
import { z } from 'zod';
import { ConfigError } from '../config.ts';
import type { EdgeEnv } from '../env.ts';
import type { RateLimitPolicy } from '../rateLimit.ts';

export interface AuthConfig {
	/** Store every email in D1 and serve them at /api/dev/outbox (development only). */
	outbox: boolean;
	/** A Resend-compatible HTTP email API, when configured. */
	emailApi: { url: string; apiKey: string | undefined; from: string } | undefined;
	/** Attempts allowed per client address on each of sign-in, sign-up, reset and verify. */
	attemptLimit: RateLimitPolicy;
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const positiveInt = (fallback: number) => z.preprocess(blankToUndefined, z.coerce.number().int().positive().default(fallback));

const bindingsSchema = z.object({
	EMAIL_OUTBOX: z.preprocess(blankToUndefined, z.enum(['0', '1']).default('0')),
	EMAIL_API_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
	EMAIL_API_KEY: z.preprocess(blankToUndefined, z.string().trim().optional()),
	EMAIL_FROM: z.preprocess(blankToUndefined, z.string().trim().optional()),
	AUTH_RATE_LIMIT_MAX: positiveInt(10),
	AUTH_RATE_LIMIT_WINDOW_SECONDS: positiveInt(600)
});

const cache = new WeakMap<object, AuthConfig>();

export function readAuthConfig(env: EdgeEnv): AuthConfig {
	const cached = cache.get(env);
	if (cached) return cached;
	const parsed = bindingsSchema.safeParse(env);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
		throw new ConfigError(`Invalid account configuration: ${issues.join('; ')}`);
	}
	const b = parsed.data;
	if (b.EMAIL_API_URL && !b.EMAIL_FROM) {
		throw new ConfigError('Invalid account configuration: EMAIL_FROM must be set when EMAIL_API_URL is.');
	}
	const config: AuthConfig = {
		outbox: b.EMAIL_OUTBOX === '1',
		emailApi: b.EMAIL_API_URL ? { url: b.EMAIL_API_URL, apiKey: b.EMAIL_API_KEY, from: b.EMAIL_FROM ?? '' } : undefined,
		attemptLimit: { limit: b.AUTH_RATE_LIMIT_MAX, windowMs: b.AUTH_RATE_LIMIT_WINDOW_SECONDS * 1000 }
	};
	cache.set(env, config);
	return config;
}
