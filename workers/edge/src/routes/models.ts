// GET /api/models: the models behind the server-held keys, for the app's model picker.
// Each upstream is asked in parallel; one that fails is left out (and logged) so the
// others still show, and the request fails only when every configured upstream did.
import { Hono } from 'hono';
import type { ModelInfo, ModelsResponse } from '../../../../src/lib/protocol/chat.ts';
import type { EdgeHono } from '../edgeContext.ts';
import { HttpError, redactSecrets } from '../errors.ts';
import { requireAccessToken } from '../middleware/accessToken.ts';
import { listUpstreamModels } from '../modelCatalog.ts';
import { configuredUpstreams, toEdgeModel } from '../upstreams.ts';

export const modelRoutes = new Hono<EdgeHono>().get('/', requireAccessToken(), async (c) => {
	const config = c.get('config');
	const upstreams = configuredUpstreams(config);
	const results = await Promise.allSettled(upstreams.map((upstream) => listUpstreamModels(upstream)));

	const models: ModelInfo[] = [];
	const failures: string[] = [];
	results.forEach((result, i) => {
		const upstream = upstreams[i];
		if (!upstream) return;
		if (result.status === 'fulfilled') {
			models.push(...result.value.map((model) => toEdgeModel(upstream, model)));
		} else {
			const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
			failures.push(upstream.label);
			console.warn(`models: ${upstream.label} failed: ${redactSecrets(reason, config.secrets)}`);
		}
	});
	if (upstreams.length > 0 && failures.length === upstreams.length) {
		throw new HttpError('upstream_error', `Could not list models: ${failures.join(' and ')} did not answer.`);
	}
	return c.json({ models } satisfies ModelsResponse);
});
