// Wire shapes for image generation (POST /api/images), shared by the app and the edge. The
// edge speaks OpenAI's Images API upstream (POST /v1/images/generations, b64_json out) and
// answers with the images inline, so nothing is left on a provider's short-lived URL.
import { z } from 'zod';

/** Sizes OpenAI's image models take (gpt-image-1: square, portrait, landscape; dall-e-3 adds the wide ones). */
export const IMAGE_SIZES = ['1024x1024', '1024x1536', '1536x1024', '1792x1024', '1024x1792', '512x512', '256x256'] as const;
export const MAX_IMAGE_PROMPT_CHARS = 4000;
/** A prompt at its limit, as UTF-8, with room for the other fields. */
export const MAX_IMAGE_REQUEST_BYTES = 16 * 1024;

export const imageRequestSchema = z.strictObject({
	prompt: z
		.string()
		.trim()
		.min(1, 'describe the image to generate')
		.max(MAX_IMAGE_PROMPT_CHARS, `at most ${MAX_IMAGE_PROMPT_CHARS} characters`),
	size: z.enum(IMAGE_SIZES, { error: `one of ${IMAGE_SIZES.join(', ')}` }).default('1024x1024'),
	/** The edge's model id, e.g. `openai/gpt-image-1`. */
	model: z.string().regex(/^[a-z]+\/[\w.:-]{1,100}$/, 'an edge model id such as openai/gpt-image-1')
});
export type ImageRequest = z.input<typeof imageRequestSchema>;

export const generatedImageSchema = z.object({
	/** Base64 of the image bytes, no data: prefix. */
	data: z.string().min(1),
	mimeType: z.literal('image/png'),
	/** The prompt the model actually drew from, when it rewrote it (dall-e-3 does). */
	revisedPrompt: z.string().optional()
});
export type GeneratedImage = z.infer<typeof generatedImageSchema>;

export const imageResponseSchema = z.object({
	model: z.string(),
	images: z.array(generatedImageSchema).min(1)
});
export type ImageResponse = z.infer<typeof imageResponseSchema>;
