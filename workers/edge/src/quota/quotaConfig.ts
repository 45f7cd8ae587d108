// Daily request limits per tier, read from the bindings once per env object and validated
// like the rest of the configuration: a malformed value fails loudly, naming the binding.
import { z } from 'zod';
import type { Tier } from '../../../../src/lib/protocol/tiers.ts';
import { ConfigError } from '../config.ts';
import type { EdgeEnv } from '../env.ts';

/** Who a limit applies to: a tier, or a caller who is not signed in. */
export type QuotaClass = Tier | 'anonymous';

/** Requests per UTC day to server-held models; null means no limit. */
export type DailyLimits = Record<QuotaClass, number | null>;

export const DEFAULT_FREE_DAILY_REQUESTS = 50;
export const DEFAULT_PREMIUM_DAILY_REQUESTS = 1000;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
// 0 is allowed: it turns server-held models off for that class (e.g. anonymous callers).
const limit = z.preprocess(blankToUndefined, z.coerce.number().int().nonnegative().optional());

const bindingsSchema = z.object({
	QUOTA_FREE_DAILY_REQUESTS: limit,
	QUOTA_PREMIUM_DAILY_REQUESTS: limit,
	QUOTA_ANONYMOUS_DAILY_REQUESTS: limit
});

const cache = new WeakMap<object, DailyLimits>();

export function readDailyLimits(env: EdgeEnv): DailyLimits {
	const cached = cache.get(env);
	if (cached) return cached;
	const parsed = bindingsSchema.safeParse(env);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
		throw new ConfigError(`Invalid quota configuration: ${issues.join('; ')}`);
	}
	const free = parsed.data.QUOTA_FREE_DAILY_REQUESTS ?? DEFAULT_FREE_DAILY_REQUESTS;
	const limits: DailyLimits = {
		anonymous: parsed.data.QUOTA_ANONYMOUS_DAILY_REQUESTS ?? free,
		free,
		premium: parsed.data.QUOTA_PREMIUM_DAILY_REQUESTS ?? DEFAULT_PREMIUM_DAILY_REQUESTS,
		admin: null
	};
	cache.set(env, limits);
	return limits;
}
