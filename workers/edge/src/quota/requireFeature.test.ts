import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { features, type Feature } from '../../../../src/lib/protocol/tiers.ts';
import { FLOW_TIMEOUT_MS, SESSION_COOKIE } from '../../test/accounts.ts';
import { EDGE_ORIGIN } from '../../test/edge.ts';
import { errorOf, userOnTier } from '../../test/tiers.ts';
import { createApp } from '../app.ts';
import { requireAdmin, requireFeature } from './requireFeature.ts';

// A route-free app: the real middleware stack and error handling, with guarded test routes.
const app = createApp();
app.get('/guarded/image', requireFeature('imageGeneration'), (c) => c.json({ ok: true }));
app.get('/guarded/local', requireFeature('localModels'), (c) => c.json({ ok: true }));
app.get('/guarded/admin', requireAdmin(), (c) => c.json({ ok: true }));

async function get(path: string, session?: string): Promise<Response> {
	const headers: Record<string, string> = session ? { Cookie: `${SESSION_COOKIE}=${session}` } : {};
	return app.request(`${EDGE_ORIGIN}${path}`, { headers }, env);
}

describe('the feature table', () => {
	it('gives local and server models to everyone, image generation and agent tools to premium and admin', () => {
		const gated: Feature[] = ['imageGeneration', 'agentTools'];
		for (const feature of gated) {
			expect(features('free')[feature]).toBe(false);
			expect(features('premium')[feature]).toBe(true);
			expect(features('admin')[feature]).toBe(true);
		}
		for (const tier of ['free', 'premium', 'admin'] as const) expect(features(tier).localModels).toBe(true);
	});
});

describe('requireFeature / requireAdmin', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('answers 401 to a caller who is not signed in', async () => {
		const response = await get('/guarded/image');
		expect(response.status).toBe(401);
		expect((await errorOf(response)).code).toBe('unauthorized');
		expect((await get('/guarded/admin')).status).toBe(401);
	});

	it('answers 403 naming the tier needed when the account lacks the feature', async () => {
		const free = await userOnTier('free');
		const refused = await get('/guarded/image', free.session);
		expect(refused.status).toBe(403);
		expect(await errorOf(refused)).toEqual({ code: 'forbidden', message: 'Image generation needs the Premium tier; your account is on Free.' });
		expect((await get('/guarded/local', free.session)).status).toBe(200);
		expect((await get('/guarded/admin', free.session)).status).toBe(403);
	});

	it('lets premium accounts use premium features, and only admins through requireAdmin', async () => {
		const premium = await userOnTier('premium');
		expect((await get('/guarded/image', premium.session)).status).toBe(200);
		expect((await get('/guarded/admin', premium.session)).status).toBe(403);
		const admin = await userOnTier('admin');
		expect((await get('/guarded/image', admin.session)).status).toBe(200);
		expect((await get('/guarded/admin', admin.session)).status).toBe(200);
	});
});
