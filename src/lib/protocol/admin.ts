// Wire shapes for the admin API (/api/admin): user search, tier and disable changes, totals.
import { z } from 'zod';
import { tierSchema } from './tiers.ts';

export const ADMIN_PAGE_SIZE_MAX = 100;

const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
	z.coerce
		.number({ error: `${name} must be a whole number.` })
		.int({ error: `${name} must be a whole number.` })
		.min(min, { error: `${name} must be at least ${min}.` })
		.max(max, { error: `${name} can be at most ${max}.` })
		.default(fallback);

/** `GET /api/admin/users?q=&page=&pageSize=`: `q` matches part of an email, or a whole user id. */
export const adminUsersQuerySchema = z.object({
	q: z.string().trim().max(254, { error: 'Search for at most 254 characters.' }).default(''),
	page: wholeNumber('page', 1, 100_000, 1),
	pageSize: wholeNumber('pageSize', 1, ADMIN_PAGE_SIZE_MAX, 25)
});
export type AdminUsersQuery = z.infer<typeof adminUsersQuerySchema>;

const count = z.number().int().nonnegative();

export const usageTotalsSchema = z.object({ requests: count, inputTokens: count, outputTokens: count, storageBytes: count });
export type UsageTotals = z.infer<typeof usageTotalsSchema>;

export const adminUserSchema = z.object({
	id: z.string(),
	email: z.string(),
	tier: tierSchema,
	emailVerified: z.boolean(),
	/** ISO time the account was disabled, or null while it is enabled. */
	disabledAt: z.string().nullable(),
	createdAt: z.string(),
	/** All-time requests and tokens; storage as last reported. */
	usage: usageTotalsSchema
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUsersResponseSchema = z.object({
	users: z.array(adminUserSchema),
	/** How many users match the search, over all pages. */
	total: count,
	page: z.number().int().positive(),
	pageSize: z.number().int().positive()
});
export type AdminUsersResponse = z.infer<typeof adminUsersResponseSchema>;

export const adminUserUpdateSchema = z
	.strictObject(
		{ tier: z.optional(tierSchema), disabled: z.boolean({ error: 'disabled must be true or false.' }).optional() },
		{
			error: (issue) =>
				issue.code === 'unrecognized_keys' ? 'Only tier and disabled can be changed here.' : 'Send the change as a JSON object.'
		}
	)
	.refine((body) => body.tier !== undefined || body.disabled !== undefined, { error: 'Say what to change: tier, disabled, or both.' });
export type AdminUserUpdate = z.infer<typeof adminUserUpdateSchema>;

/** A write answers with the row as it now is (the audit trail of who changed what is the response). */
export const adminUserResponseSchema = z.object({ user: adminUserSchema });
export type AdminUserResponse = z.infer<typeof adminUserResponseSchema>;

export const adminTotalsResponseSchema = z.object({
	users: z.object({ total: count, disabled: count, byTier: z.record(tierSchema, count) }),
	/** All time, every caller. */
	usage: usageTotalsSchema,
	/** Requests by callers who were not signed in, all time. */
	anonymousRequests: count,
	/** Requests today (UTC), every caller. */
	requestsToday: count
});
export type AdminTotalsResponse = z.infer<typeof adminTotalsResponseSchema>;
