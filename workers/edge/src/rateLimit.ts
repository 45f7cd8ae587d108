// Sliding-window-log rate limiting as a pure function: given the times of the calls still
// inside the window, decide whether one more is allowed and, if not, when it will be.

export interface RateLimitPolicy {
	/** Calls allowed within any window. */
	limit: number;
	windowMs: number;
}

export type RateDecision =
	| { allowed: true; remaining: number }
	| { allowed: false; retryAfterMs: number };

/**
 * @param hits times (ms) of the allowed calls, ascending; older ones are ignored.
 * @param now the current time (ms).
 */
export function decideSlidingWindow(hits: readonly number[], now: number, policy: RateLimitPolicy): RateDecision {
	const recent = hits.filter((at) => at > now - policy.windowMs);
	if (recent.length < policy.limit) return { allowed: true, remaining: policy.limit - recent.length - 1 };
	// A slot frees when the call that filled the window's first permitted slot ages out.
	const blocking = recent[recent.length - policy.limit] ?? now;
	return { allowed: false, retryAfterMs: Math.max(1, blocking + policy.windowMs - now) };
}
