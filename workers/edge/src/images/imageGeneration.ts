// One image generation through the server's OpenAI-compatible key, in the Images API wire
// format (POST {baseURL}/images/generations, b64_json out). Failures come back as the edge's
// HttpError, mapped like chat's (a 429 keeps the provider's wait).
import { z } from 'zod';
import type { GeneratedImage } from '../../../../src/lib/protocol/images.ts';
import { fromHttpResponse } from '../../../../src/lib/providers/errors.ts';
import type { EdgeConfig } from '../config.ts';
import { HttpError, upstreamFailure } from '../errors.ts';

const LABEL = 'OpenAI (server)';

const imagesAnswerSchema = z.object({
	data: z.array(z.object({ b64_json: z.string().min(1), revised_prompt: z.string().optional() })).min(1)
});

export interface ImageJob {
	/** The upstream's own model id (`gpt-image-1`), without the edge's `openai/` prefix. */
	model: string;
	prompt: string;
	size: string;
}

export async function generateImages(
	openai: NonNullable<EdgeConfig['openai']>,
	job: ImageJob,
	signal: AbortSignal
): Promise<GeneratedImage[]> {
	// gpt-image models always answer in base64 and refuse the parameter; DALL·E needs it.
	const format = job.model.startsWith('gpt-image') ? {} : { response_format: 'b64_json' };
	let response: Response;
	try {
		response = await fetch(`${openai.baseURL}/images/generations`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${openai.apiKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ model: job.model, prompt: job.prompt, size: job.size, n: 1, ...format }),
			signal
		});
	} catch {
		throw new HttpError('upstream_error', `Could not reach ${LABEL}. Try again in a moment.`, { status: 502 });
	}
	const body: unknown = await response.json().catch(() => undefined);
	if (!response.ok) {
		const failure = fromHttpResponse(response.status, body, response.headers, { label: LABEL });
		throw upstreamFailure(failure.code, failure.message, LABEL, failure.retryAfterSeconds);
	}
	const answer = imagesAnswerSchema.safeParse(body);
	if (!answer.success) throw new HttpError('upstream_error', `${LABEL} sent an image answer this server does not understand.`, { status: 502 });
	return answer.data.data.map((image) => ({
		data: image.b64_json,
		mimeType: 'image/png',
		...(image.revised_prompt === undefined ? {} : { revisedPrompt: image.revised_prompt })
	}));
}
