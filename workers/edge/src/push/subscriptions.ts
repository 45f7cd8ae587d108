// Storage of push subscriptions: one row per device endpoint, owned by one user. A device
// that subscribes again (after signing in as someone else, say) moves to that user.
import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { PushKind, PushSubscriptionBody } from '../../../../src/lib/protocol/push.ts';
import { pushSubscriptions, type PushSubscriptionRow } from '../db/schema.ts';

export async function saveSubscription(db: D1Database, userId: string, body: PushSubscriptionBody, now = new Date()): Promise<PushSubscriptionRow> {
	const row = {
		endpoint: body.endpoint,
		userId,
		p256dh: body.keys.p256dh,
		auth: body.keys.auth,
		kinds: [...new Set(body.kinds)],
		createdAt: now,
		updatedAt: now
	};
	const { createdAt: _created, ...changes } = row;
	await drizzle(db).insert(pushSubscriptions).values(row).onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: changes });
	return row;
}

/** Removes the user's subscription at `endpoint`; false when the user has none there. */
export async function deleteSubscription(db: D1Database, userId: string, endpoint: string): Promise<boolean> {
	const removed = await drizzle(db)
		.delete(pushSubscriptions)
		.where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, userId)))
		.returning({ endpoint: pushSubscriptions.endpoint });
	return removed.length > 0;
}

/** The user's devices that want notifications of `kind`. */
export async function subscriptionsFor(db: D1Database, userId: string, kind: PushKind): Promise<PushSubscriptionRow[]> {
	const rows = await drizzle(db).select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
	return rows.filter((row) => row.kinds.includes(kind));
}

/** Forgets an endpoint the push service no longer knows (it answered 404 or 410). */
export async function forgetEndpoint(db: D1Database, endpoint: string): Promise<void> {
	await drizzle(db).delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint));
}
