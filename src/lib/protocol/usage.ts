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
	messages: count,
	/** Every other call the account made to the server's API (sync, rooms, teams, account…). */
	apiCalls: count,
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

/** What one tier includes on this server: its features and its daily limit (null: none). */
export const tierPlanSchema = z.object({
	tier: tierSchema,
	features: z.record(featureSchema, z.boolean()),
	dailyLimit: count.nullable()
});
export type TierPlan = z.infer<typeof tierPlanSchema>;

export const usageResponseSchema = z.object({
	tier: tierSchema,
	features: z.record(featureSchema, z.boolean()),
	/** Every tier, lowest first, so the dashboard can show what each includes. */
	plans: z.array(tierPlanSchema),
	quota: quotaStatusSchema,
	/** Oldest first, one entry per day (zeros included). */
	days: z.array(dailyUsageSchema)
});
export type UsageResponse = z.infer<typeof usageResponseSchema>;
