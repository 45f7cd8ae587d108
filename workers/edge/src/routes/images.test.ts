// POST /api/images: premium image generation through the fake OpenAI Images API.
import { describe, expect, it } from 'vitest';
import { imageResponseSchema } from '../../../../src/lib/protocol/images.ts';
import { FAKE_PNG_BASE64 } from '../../../../tests/fixtures/fakeOpenAIImages.ts';
import { account, FLOW_TIMEOUT_MS } from '../../test/accounts.ts';
import { errorOf, userOnTier } from '../../test/tiers.ts';
import { TEST_OPENAI_KEY } from '../../test/testKeys.ts';

const draw = (body: unknown, session?: string, env = {}) => account('/api/images', { body, env, ...(session === undefined ? {} : { session }) });

describe('POST /api/images', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('refuses a free account with 403 naming Premium, and anyone signed out with 401', async () => {
		const free = await userOnTier('free');
		const refused = (await draw({ prompt: 'a lighthouse', model: 'openai/gpt-image-1' }, free.session)).response;
		expect(refused.status).toBe(403);
		expect(await errorOf(refused)).toEqual({ code: 'forbidden', message: 'Image generation needs the Premium tier; your account is on Free.' });
		const anonymous = (await draw({ prompt: 'a lighthouse', model: 'openai/gpt-image-1' })).response;
		expect(anonymous.status).toBe(401);
	});

	it.each(['premium', 'admin'] as const)('generates an image for a %s account, inline as base64 PNG', async (tier) => {
		const user = await userOnTier(tier);
		const { response } = await draw({ prompt: 'a lighthouse at dusk', model: 'openai/gpt-image-1', size: '1536x1024' }, user.session);
		expect(response.status).toBe(200);
		expect(imageResponseSchema.parse(await response.json())).toEqual({
			model: 'openai/gpt-image-1',
			images: [{ data: FAKE_PNG_BASE64, mimeType: 'image/png' }]
		});
	});

	it("asks DALL·E for base64 and passes on its revised prompt", async () => {
		const user = await userOnTier('premium');
		const { response } = await draw({ prompt: 'a fox', model: 'openai/dall-e-3' }, user.session);
		expect(response.status).toBe(200);
		const { images } = imageResponseSchema.parse(await response.json());
		expect(images[0]?.revisedPrompt).toBe('A detailed picture: a fox');
	});

	it.each([
		[{ prompt: '', model: 'openai/gpt-image-1' }, 'Invalid prompt: describe the image to generate.'],
		[{ prompt: 'x'.repeat(4001), model: 'openai/gpt-image-1' }, 'Invalid prompt: at most 4000 characters.'],
		[{ prompt: 'a cat', model: 'openai/gpt-image-1', size: '7x7' }, /^Invalid size: one of 1024x1024, /],
		[{ prompt: 'a cat' }, /^Invalid model: /],
		[{ prompt: 'a cat', model: 'openai/gpt-image-1', n: 4 }, /^Invalid body: /]
	])('400 for %j, naming the field', async (body, message) => {
		const user = await userOnTier('premium');
		const { response } = await draw(body, user.session);
		expect(response.status).toBe(400);
		const error = await errorOf(response);
		expect(error.code).toBe('invalid_request');
		expect(error.message).toMatch(message);
	});

	it('404 for a model no upstream here generates with, and for a model the provider lacks', async () => {
		const user = await userOnTier('premium');
		const gemini = (await draw({ prompt: 'a cat', model: 'gemini/imagen-4' }, user.session)).response;
		expect(gemini.status).toBe(404);
		expect((await errorOf(gemini)).message).toBe('Unknown image model "gemini/imagen-4": this server generates images with openai/… models only.');
		const missing = (await draw({ prompt: 'a cat', model: 'openai/no-such-painter' }, user.session)).response;
		expect(missing.status).toBe(404);
	});

	it("passes on the provider's size rule as a 400 and its rate limit as a 429 with Retry-After, never the key", async () => {
		const user = await userOnTier('premium');
		const size = (await draw({ prompt: 'a cat', model: 'openai/dall-e-3', size: '1536x1024' }, user.session)).response;
		expect(size.status).toBe(400);
		expect((await errorOf(size)).message).toMatch(/Supported values are: '1024x1024', '1792x1024', '1024x1792'/);
		const busy = (await draw({ prompt: 'a cat [[error:rate]]', model: 'openai/gpt-image-1' }, user.session)).response;
		expect(busy.status).toBe(429);
		expect(busy.headers.get('Retry-After')).toBe('7');
		const text = JSON.stringify(await errorOf(busy));
		expect(text).toContain('Retry in 7 s (after ');
		expect(text).not.toContain(TEST_OPENAI_KEY);
	});

	it("counts against the daily quota of server-held models", async () => {
		const user = await userOnTier('premium');
		const env = { QUOTA_PREMIUM_DAILY_REQUESTS: '1' };
		expect((await draw({ prompt: 'one', model: 'openai/gpt-image-1' }, user.session, env)).response.status).toBe(200);
		const over = (await draw({ prompt: 'two', model: 'openai/gpt-image-1' }, user.session, env)).response;
		expect(over.status).toBe(429);
		expect((await errorOf(over)).code).toBe('quota_exceeded');
	});
});
