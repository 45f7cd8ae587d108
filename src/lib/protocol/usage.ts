// Wire shapes for usage and quotas (GET /api/usage), shared by the edge and the dashboard.
import { z } from 'zod';
import { featureSchema, tierSchema } from './tiers.ts';

export const USAGE_MAX_DAYS = 365;

/** `?days=N`: how many UTC days, ending today, the series covers. */
export const usageQuerySchema = z.object({
	days: z.coerce
		.number({ error: 'days must be a whole number of days.' })
		.int({ error: 'days must be a whole number of days.' })
		.min(1, { error: 'days must be at least 1.' })
		.max(USAGE_MAX_DAYS, { error: `days can be at most ${USAGE_MAX_DAYS}.` })
		.default(30)
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

const count = z.number().int().nonnegative();

/** One UTC day of one user's use of the server. */
export const dailyUsageSchema = z.object({
	/** `YYYY-MM-DD`, UTC. */
	day: z.string(),
	/** Chat requests to server-held models (each message sent, regenerated or continued). */
	requests: count,
	inputTokens: count,
	outputTokens: count,
	/** Bytes the edge held for the user at the end of the day (sum over what stores them). */
	storageBytes: count
});
export type DailyUsage = z.infer<typeof dailyUsageSchema>;

/** The daily limit on server-held models: `limit` null means none (admins). */
export const quotaStatusSchema = z.object({
	limit: count.nullable(),
	used: count,
	remaining: count.nullable(),
	/** When the count starts again: the next midnight UTC, ISO 8601. */
	resetsAt: z.string()
});
export type QuotaStatus = z.infer<typeof quotaStatusSchema>;

export const usageResponseSchema = z.object({
	tier: tierSchema,
	features: z.record(featureSchema, z.boolean()),
	quota: quotaStatusSchema,
	/** Oldest first, one entry per day (zeros included). */
	days: z.array(dailyUsageSchema)
});
export type UsageResponse = z.infer<typeof usageResponseSchema>;
