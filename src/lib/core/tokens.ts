// Token counting per model. OpenAI models are counted exactly with their BPE encoding
// (gpt-tokenizer: o200k_base for the GPT-4o/4.1/5 and o-series families, cl100k_base for
// GPT-4 and GPT-3.5); every other model (Gemini, local models) gets an estimate, and the UI
// says so. Encodings are large (1–2.4 MB), so they load on first use, off the app shell.

export type Encoding = 'o200k_base' | 'cl100k_base' | 'estimate';

/** Counts the tokens of one piece of text. */
export type TokenCounter = (text: string) => number;

/** Tokens a chat message costs besides its text (role and separators), as OpenAI documents. */
export const MESSAGE_OVERHEAD = 4;
/** Tokens every request costs to prime the reply. */
export const REPLY_PRIMING = 3;

/** The encoding a model id is counted with (the model id without its connection prefix). */
export function encodingFor(modelId: string): Encoding {
	const id = modelId.toLowerCase().replace(/^.*\//, '');
	if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|chatgpt-4o|o1|o3|o4)/.test(id)) return 'o200k_base';
	if (/^(gpt-4|gpt-3\.5|text-embedding-3)/.test(id)) return 'cl100k_base';
	return 'estimate';
}

/**
 * A deliberate over-estimate for models whose tokenizer is not public here: about four
 * characters per token for Latin text, one per character for CJK, so budgets err on the safe side.
 */
export function estimateTokens(text: string): number {
	let wide = 0;
	for (const char of text) if (char.codePointAt(0)! > 0x2e80) wide += 1;
	const narrow = text.length - wide;
	return Math.ceil(narrow / 3.5) + wide;
}

/** A run this long without whitespace (base64, a minified file) is estimated: BPE is quadratic on it. */
const LONG_RUN = /\S{256,}/g;

/** Counts text exactly except for very long unbroken runs, which are estimated (over, not under). */
export function guardLongRuns(counter: TokenCounter): TokenCounter {
	return (text) => {
		let long = 0;
		const rest = text.replace(LONG_RUN, (run) => {
			long += estimateTokens(run);
			return ' ';
		});
		return counter(rest) + long;
	};
}

const loaded = new Map<Encoding, Promise<TokenCounter>>();

/** The counter for an encoding; an exact one loads lazily, the estimate is immediate. */
export function loadCounter(encoding: Encoding): Promise<TokenCounter> {
	if (encoding === 'estimate') return Promise.resolve(estimateTokens);
	let counter = loaded.get(encoding);
	if (!counter) {
		counter = (
			encoding === 'o200k_base' ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base')
		).then((module) => guardLongRuns((text: string) => module.countTokens(text)));
		// A failed load (offline before the chunk was cached) falls back to the estimate next time.
		counter.catch(() => loaded.delete(encoding));
		loaded.set(encoding, counter);
	}
	return counter;
}

/**
 * Remembers each message's count by id, version and encoding, so recounting a long thread
 * after every reply only counts the new messages.
 */
export class TokenCache {
	readonly #counts = new Map<string, number>();
	readonly #limit: number;

	constructor(limit = 5_000) {
		this.#limit = limit;
	}

	count(key: { id: string; updatedAt: number }, text: string, encoding: Encoding, counter: TokenCounter): number {
		const cacheKey = `${encoding}|${key.id}|${key.updatedAt}|${text.length}`;
		const known = this.#counts.get(cacheKey);
		if (known !== undefined) return known;
		const tokens = counter(text) + MESSAGE_OVERHEAD;
		if (this.#counts.size >= this.#limit) this.#counts.delete(this.#counts.keys().next().value!);
		this.#counts.set(cacheKey, tokens);
		return tokens;
	}

	get size(): number {
		return this.#counts.size;
	}
}
