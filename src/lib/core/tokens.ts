// Token counting per model, the parts every thread can run. OpenAI models are counted
// exactly with their BPE encoding (o200k_base for the GPT-4o/4.1/5 and o-series families,
// cl100k_base for GPT-4 and GPT-3.5) in the token worker (workers/tokens/counting.ts), so
// the 1–2.4 MB encodings never load on the main thread; every other model (Gemini, local
// models) gets an estimate, and the UI says so.

export type Encoding = 'o200k_base' | 'cl100k_base' | 'estimate';
/** An encoding the token worker counts exactly. */
export type ExactEncoding = Exclude<Encoding, 'estimate'>;

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

/**
 * A bound no byte-level BPE count can exceed: every token covers at least one UTF-8 byte,
 * so a text never has more tokens than bytes. Used for the exact encodings while their
 * counts are not known yet, so a request sent before the tokenizer loads still fits.
 */
export function tokenUpperBound(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x80) bytes += 1;
		else if (code < 0x800) bytes += 2;
		else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
			// A surrogate pair is one 4-byte character (a lone surrogate is written as 3 bytes).
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
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

/** The key a message's text is cached under: it changes whenever the text does. */
export function messageKey(message: { id: string; updatedAt: number; content: string }): string {
	return `m|${message.id}|${message.updatedAt}|${message.content.length}`;
}

/** The key of a text that is not a message (a system prompt, a summary): the text itself. */
export function textKey(text: string): string {
	return `t|${text}`;
}

/**
 * Remembers counts by encoding and key, so recounting a long thread after every reply only
 * counts the new messages. Oldest entries go first once the limit is reached.
 */
export class TokenCache {
	readonly #counts = new Map<string, number>();
	readonly #limit: number;

	constructor(limit = 5_000) {
		this.#limit = limit;
	}

	get(encoding: Encoding, key: string): number | undefined {
		return this.#counts.get(`${encoding}|${key}`);
	}

	set(encoding: Encoding, key: string, tokens: number): void {
		const cacheKey = `${encoding}|${key}`;
		if (!this.#counts.has(cacheKey) && this.#counts.size >= this.#limit) this.#counts.delete(this.#counts.keys().next().value!);
		this.#counts.set(cacheKey, tokens);
	}

	get size(): number {
		return this.#counts.size;
	}
}
