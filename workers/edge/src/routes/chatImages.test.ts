// Image parts through POST /api/chat: validated (type, base64, count, size, role) and passed
// to each upstream in its own wire shape.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
	apiErrorSchema,
	MAX_IMAGE_CHARS_PER_REQUEST,
	MAX_IMAGE_PART_CHARS,
	MAX_IMAGES_PER_MESSAGE,
	type ChatRequest,
	type ImagePart
} from '../../../../src/lib/protocol/chat.ts';
import { callEdge, chatInit, readEvents, upstreamRequests } from '../../test/edge.ts';

const PIXEL = 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==';
const image = (data = PIXEL, mimeType: ImagePart['mimeType'] = 'image/webp'): ImagePart => ({ type: 'image', mimeType, data });
const ask = (model: string, text: string, images: ImagePart[]): ChatRequest => ({
	model,
	messages: [{ role: 'user', content: text, images }]
});

async function refused(body: unknown) {
	const call = await callEdge('/api/chat', chatInit(JSON.stringify(body)));
	const status = call.response.status;
	const error = apiErrorSchema.parse(await call.response.json()).error;
	await call.settled();
	return { status, ...error };
}

describe('POST /api/chat with images', () => {
	it('passes two images to OpenAI as image_url data URLs', async () => {
		const marker = `img-${crypto.randomUUID()}`;
		const call = await callEdge('/api/chat', chatInit(ask('openai/gpt-4o', marker, [image(), image('iVBORw0KGgo=', 'image/png')])));
		expect(call.response.status).toBe(200);
		expect((await readEvents(call.response)).at(-1)).toEqual({ type: 'finish', reason: 'stop' });
		await call.settled();
		const sent = (await upstreamRequests(env.OPENAI_BASE_URL)).find((r) => JSON.stringify(r.body ?? null).includes(marker));
		expect(sent?.body).toMatchObject({
			messages: [
				{
					role: 'user',
					content: [
						{ type: 'text', text: marker },
						{ type: 'image_url', image_url: { url: `data:image/webp;base64,${PIXEL}` } },
						{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }
					]
				}
			]
		});
	});

	it('passes an image to Gemini as inlineData', async () => {
		const marker = `img-${crypto.randomUUID()}`;
		const call = await callEdge('/api/chat', chatInit(ask('gemini/gemini-2.5-flash', marker, [image()])));
		expect(call.response.status).toBe(200);
		await readEvents(call.response);
		await call.settled();
		const sent = (await upstreamRequests(env.GEMINI_BASE_URL)).find((r) => JSON.stringify(r.body ?? null).includes(marker));
		expect(sent?.body).toMatchObject({
			contents: [{ role: 'user', parts: [{ text: marker }, { inlineData: { mimeType: 'image/webp', data: PIXEL } }] }]
		});
	});

	it('400 for a type upstreams do not take, or data that is not base64', async () => {
		const svg = await refused(ask('openai/gpt-4o', 'x', [{ type: 'image', mimeType: 'image/svg+xml', data: PIXEL } as unknown as ImagePart]));
		expect(svg).toMatchObject({ status: 400, code: 'invalid_request' });
		expect(svg.message).toMatch(/^Invalid messages\.0\.images\.0\.mimeType/);
		const junk = await refused(ask('openai/gpt-4o', 'x', [image('not base64!')]));
		expect(junk.message).toMatch(/^Invalid messages\.0\.images\.0\.data/);
	});

	it('400 for too many images in one message, an image too large, or images in total over the limit', async () => {
		const many = await refused(ask('openai/gpt-4o', 'x', Array.from({ length: MAX_IMAGES_PER_MESSAGE + 1 }, () => image())));
		expect(many).toMatchObject({ status: 400 });
		expect(many.message).toMatch(/^Invalid messages\.0\.images/);
		const big = await refused(ask('openai/gpt-4o', 'x', [image('A'.repeat(MAX_IMAGE_PART_CHARS + 4))]));
		expect(big.status).toBe(400);
		// Each image is within its own limit; together they pass the request's (body still under its cap).
		const each = 'A'.repeat(Math.ceil(MAX_IMAGE_CHARS_PER_REQUEST / 4 / 4) * 4 + 400);
		const total = await refused({
			model: 'openai/gpt-4o',
			messages: Array.from({ length: 4 }, () => ({ role: 'user', content: 'x', images: [image(each)] }))
		});
		expect(total).toMatchObject({ status: 400, code: 'invalid_request' });
		expect(total.message).toMatch(/images total \d+ base64 characters; the limit is 12000000/);
	});

	it('400 for images on an assistant message', async () => {
		const error = await refused({ model: 'openai/gpt-4o', messages: [{ role: 'assistant', content: 'x', images: [image()] }, { role: 'user', content: 'y' }] });
		expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
		expect(error.message).toMatch(/only user messages may carry images/);
	});
});
