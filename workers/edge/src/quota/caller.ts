// Who a request counts against: a signed-in user by id, anyone else by client address.
import type { Context } from 'hono';
import type { AuthHono } from '../auth/authContext.ts';
import { clientKey } from '../burstLimit.ts';
import type { QuotaClass } from './quotaConfig.ts';

export interface Caller {
	/** The key limits are counted under: `user:<id>` or `ip:<address>`. */
	key: string;
	quotaClass: QuotaClass;
	userId: string | null;
}

/** Needs withSession() to have run; a session still waiting for its second factor is anonymous. */
export function callerOf(c: Context<AuthHono>): Caller {
	const user = c.get('auth')?.user;
	if (user) return { key: `user:${user.id}`, quotaClass: user.tier, userId: user.id };
	return { key: clientKey(c.req.raw), quotaClass: 'anonymous', userId: null };
}
