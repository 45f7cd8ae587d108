// POST /api/images: generates an image with a server-held model. A premium feature
// (src/lib/protocol/tiers.ts): signed-out callers get 401, free accounts 403 naming Premium.
// Like chat it passes the burst limit and counts against the daily quota of server-held models.
import { Hono } from 'hono';
import { imageRequestSchema, MAX_IMAGE_REQUEST_BYTES, type ImageResponse } from '../../../../src/lib/protocol/images.ts';
import type { AuthHono } from '../auth/authContext.ts';
import { admitClient } from '../burstLimit.ts';
import { HttpError, redactSecrets } from '../errors.ts';
import { generateImages } from '../images/imageGeneration.ts';
import { requireAccessToken } from '../middleware/accessToken.ts';
import { callerOf } from '../quota/caller.ts';
import { admitDaily } from '../quota/dailyQuota.ts';
import { readDailyLimits } from '../quota/quotaConfig.ts';
import { requireFeature } from '../quota/requireFeature.ts';
import { parseBody, readJsonBody } from '../requestBody.ts';

export const imageRoutes = new Hono<AuthHono>().post('/', requireAccessToken(), requireFeature('imageGeneration'), async (c) => {
	const config = c.get('config');
	const caller = callerOf(c);
	await admitClient(c.env.RATE_LIMITER, caller.key, config.rateLimit);
	const request = parseBody(imageRequestSchema, await readJsonBody(c.req.raw, MAX_IMAGE_REQUEST_BYTES, 'send { prompt, size, model } as JSON'));
	const slash = request.model.indexOf('/');
	const [prefix, model] = [request.model.slice(0, slash), request.model.slice(slash + 1)];
	// Only OpenAI-compatible upstreams speak the Images API.
	if (prefix !== 'openai' || !config.openai) {
		throw new HttpError('not_found', `Unknown image model "${request.model}": this server generates images with openai/… models only.`);
	}
	// Counted once the request is valid and can reach a model, as chat is.
	await admitDaily(c.env.RATE_LIMITER, caller, readDailyLimits(c.env)[caller.quotaClass]);
	try {
		const images = await generateImages(config.openai, { model, prompt: request.prompt, size: request.size }, c.req.raw.signal);
		return c.json({ model: request.model, images } satisfies ImageResponse);
	} catch (error) {
		if (error instanceof HttpError) throw new HttpError(error.code, redactSecrets(error.message, config.secrets), { status: error.status, headers: { ...error.headers } });
		throw error;
	}
});
