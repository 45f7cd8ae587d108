// /api/push: the VAPID public key a browser subscribes with, and a signed-in user's
// devices registering or withdrawing their subscription (with the kinds they want).
import { Hono } from 'hono';
import {
	pushSubscriptionBodySchema,
	pushUnsubscribeBodySchema,
	type PushConfigResponse,
	type PushSubscriptionResponse
} from '../../../../src/lib/protocol/push.ts';
import { readAuthBody } from '../auth/authBody.ts';
import { requireSession, withSession, type AuthHono } from '../auth/authContext.ts';
import { requireSameOrigin } from '../auth/sameOrigin.ts';
import { HttpError } from '../errors.ts';
import { deleteSubscription, saveSubscription } from '../push/subscriptions.ts';
import { readVapidConfig } from '../push/vapidConfig.ts';

export const pushRoutes = new Hono<AuthHono>()
	.get('/config', (c) => c.json({ publicKey: readVapidConfig(c.env)?.publicKey ?? null } satisfies PushConfigResponse))
	.use('/subscriptions', requireSameOrigin(), withSession())
	.post('/subscriptions', async (c) => {
		const { user } = requireSession(c);
		if (!readVapidConfig(c.env)) throw new HttpError('unavailable', 'This server does not send notifications (no VAPID keys are configured).');
		const body = await readAuthBody(c.req.raw, pushSubscriptionBodySchema);
		const row = await saveSubscription(c.env.DB, user.id, body);
		return c.json({ endpoint: row.endpoint, kinds: row.kinds } satisfies PushSubscriptionResponse, 201);
	})
	.delete('/subscriptions', async (c) => {
		const { user } = requireSession(c);
		const { endpoint } = await readAuthBody(c.req.raw, pushUnsubscribeBodySchema);
		if (!(await deleteSubscription(c.env.DB, user.id, endpoint))) {
			throw new HttpError('not_found', 'This device has no notification subscription on your account.');
		}
		return c.body(null, 204);
	});
