// Which models can read images. Neither OpenAI's nor Gemini's model list declares input
// kinds, so the known vision families are recognised by name. A wrong "no" only means
// the app asks the user to pick another model; a wrong "yes" gets the upstream's error.
const VISION_FAMILIES = [
	/^gpt-4o/i,
	/^gpt-4\.1/i,
	/^gpt-4-turbo/i,
	/^gpt-4-vision/i,
	/^gpt-5/i,
	/^chatgpt-4o/i,
	/^o[134](-|$)/i,
	/^gemini-(1\.5|2|3)/i,
	/^gemini-(pro|flash)-vision/i,
	/gemma-?3/i,
	/llava/i,
	/bakllava/i,
	/-vl\b|vl-|-vision/i,
	/pixtral/i,
	/minicpm-v/i,
	/moondream/i,
	/claude-(3|sonnet|opus|haiku)/i,
	/llama-?4/i
];

/** True when the model id names a family known to accept images. */
export function guessVision(modelId: string): boolean {
	// OpenRouter-style ids carry the vendor first: `openai/gpt-4o`.
	const name = modelId.slice(modelId.lastIndexOf('/') + 1);
	return VISION_FAMILIES.some((family) => family.test(name));
}
