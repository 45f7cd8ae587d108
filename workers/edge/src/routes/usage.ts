// GET /api/usage?days=30: the signed-in user's tier and features, what every tier includes,
// today's quota and a daily series of messages, API calls, tokens and storage. Only ever the
// caller's own figures.
import { Hono } from 'hono';
import { features, TIERS } from '../../../../src/lib/protocol/tiers.ts';
import { usageQuerySchema, type UsageResponse } from '../../../../src/lib/protocol/usage.ts';
import { requireSession, withSession, type AuthHono } from '../auth/authContext.ts';
import { callerOf } from '../quota/caller.ts';
import { dailyQuotaStatus } from '../quota/dailyQuota.ts';
import { parseQuery } from '../quota/parseQuery.ts';
import { readDailyLimits } from '../quota/quotaConfig.ts';
import { usageSeries } from '../quota/usageQueries.ts';

export const usageRoutes = new Hono<AuthHono>().use(withSession()).get('/', async (c) => {
	const { user } = requireSession(c);
	const { days } = parseQuery(usageQuerySchema, c.req.query());
	const caller = callerOf(c);
	const limits = readDailyLimits(c.env);
	const [quota, series] = await Promise.all([
		dailyQuotaStatus(c.env.RATE_LIMITER, caller, limits[user.tier]),
		usageSeries(c.env.DB, user.id, days)
	]);
	const plans = TIERS.map((tier) => ({ tier, features: features(tier), dailyLimit: limits[tier] }));
	c.header('Cache-Control', 'private, no-store');
	return c.json({ tier: user.tier, features: features(user.tier), plans, quota, days: series } satisfies UsageResponse);
});
