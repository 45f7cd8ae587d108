// The per-tier daily limit on server-held models. Counted by the RateLimiter Durable Object,
// one object per (caller, UTC day), so concurrent requests are counted exactly and a new day
// starts in a fresh object; the object's alarm drops it a day after its last request.
import type { QuotaStatus } from '../../../../src/lib/protocol/usage.ts';
import { TIER_LABELS } from '../../../../src/lib/protocol/tiers.ts';
import { HttpError, waitInWords } from '../errors.ts';
import type { RateLimiter } from '../rateLimiterObject.ts';
import type { Caller } from './caller.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of `at` in UTC: the day usage and quotas group by. */
export function utcDay(at: Date): string {
	return at.toISOString().slice(0, 10);
}

export function nextUtcMidnight(at: Date): Date {
	return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

function counter(limiters: DurableObjectNamespace<RateLimiter>, caller: Caller, now: Date) {
	return limiters.get(limiters.idFromName(`quota:${caller.key}:${utcDay(now)}`));
}

/** A request counted against today's limit, which can still be taken back. */
export interface DailyTicket {
	/** Uncounts the request (it turned out not to reach a model); safe to call more than once. */
	refund(): Promise<void>;
}

const NOTHING_COUNTED: DailyTicket = { refund: async () => {} };

/**
 * Counts one request against the caller's daily limit (`null`: none); throws a 429
 * `quota_exceeded` whose Retry-After and message name the next midnight UTC. The ticket
 * lets a caller count early, overlapping other checks, and refund a request that then fails them.
 */
export async function admitDaily(
	limiters: DurableObjectNamespace<RateLimiter>,
	caller: Caller,
	limit: number | null,
	now = new Date()
): Promise<DailyTicket> {
	if (limit === null) return NOTHING_COUNTED;
	if (limit > 0) {
		const stub = counter(limiters, caller, now);
		const { decision, at } = await stub.hitAt({ limit, windowMs: DAY_MS });
		if (decision.allowed) {
			let refunded: Promise<void> | undefined;
			return { refund: () => (refunded ??= stub.unhit(at)) };
		}
	}
	const resetsAt = nextUtcMidnight(now);
	const waitMs = resetsAt.getTime() - now.getTime();
	const who = caller.quotaClass === 'anonymous' ? 'without an account' : `on the ${TIER_LABELS[caller.quotaClass]} tier`;
	throw new HttpError(
		'quota_exceeded',
		`You have used today's ${limit} requests to server-held models ${who}. ` +
			`Try again in ${waitInWords(waitMs)} (after ${resetsAt.toISOString()}, midnight UTC), or use a local model or your own endpoint meanwhile.`,
		{ headers: { 'Retry-After': String(Math.ceil(waitMs / 1000)) } }
	);
}

/** The caller's limit, what today used of it, and when it resets; reads without counting. */
export async function dailyQuotaStatus(
	limiters: DurableObjectNamespace<RateLimiter>,
	caller: Caller,
	limit: number | null,
	now = new Date()
): Promise<QuotaStatus> {
	const used = await counter(limiters, caller, now).count(DAY_MS);
	return {
		limit,
		used,
		remaining: limit === null ? null : Math.max(0, limit - used),
		resetsAt: nextUtcMidnight(now).toISOString()
	};
}
