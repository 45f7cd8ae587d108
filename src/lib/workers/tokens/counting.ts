/**
 * Exact token counting, for the token worker only: the encodings are 1–2.4 MB of ranks that
 * take hundreds of milliseconds to compile and evaluate, which must not happen on the main
 * thread (issue 5: no long task while a reply streams). Each encoding loads on first use.
 */
import { estimateTokens, guardLongRuns, TokenCache, tokenUpperBound, type Encoding, type ExactEncoding, type TokenCounter } from '../../core/tokens.ts';

/** What the token worker exposes through comlink for counting. */
export interface TokenCountService {
	/**
	 * Counts each text with `encoding`, in order: exactly (loading the encoding first), or
	 * with the estimate, which is cheap but still linear in the text, so it runs here too.
	 * With `keys` (core/tokens.ts messageKey, textKey; one per text) a count the worker
	 * already holds under its key is answered without counting, and new ones are kept.
	 */
	count(encoding: Encoding, texts: string[], keys?: string[]): Promise<number[]>;
}

/** The counts the worker holds, by encoding and key: shared by counting and the budget's plans. */
export const createWorkerCounts = () => new TokenCache(20_000);

// Text such as "<|endoftext|>" in a message is ordinary text to the API, not a special token:
// counting it as text (instead of the library's default, throwing) matches what is billed.
const asText = { disallowedSpecial: new Set<string>() };

const loaded = new Map<ExactEncoding, Promise<TokenCounter>>();
const ready = new Map<ExactEncoding, TokenCounter>();

/** The exact counter of an encoding (long unbroken runs estimated, see guardLongRuns). */
export function loadCounter(encoding: ExactEncoding): Promise<TokenCounter> {
	let counter = loaded.get(encoding);
	if (!counter) {
		counter = (
			encoding === 'o200k_base' ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base')
		).then((module) => {
			const count = guardLongRuns((text: string) => module.countTokens(text, asText));
			ready.set(encoding, count);
			return count;
		});
		// A failed load (offline before the chunk was cached) is tried again on the next call.
		counter.catch(() => loaded.delete(encoding));
		loaded.set(encoding, counter);
	}
	return counter;
}

/** The counter for `encoding` if nothing has to load first (the estimate, or a loaded encoding). */
export function counterNow(encoding: Encoding): TokenCounter | undefined {
	return encoding === 'estimate' ? estimateTokens : ready.get(encoding);
}

/** Counts one text; one odd text must not fail a batch, so a throw gives its bound (never seen, but safe). */
export function countSafely(counter: TokenCounter, text: string): number {
	try {
		return counter(text);
	} catch {
		return tokenUpperBound(text);
	}
}

export function createTokenCountService(counts: TokenCache = createWorkerCounts()): TokenCountService {
	return {
		async count(encoding, texts, keys) {
			const known = texts.map((_, index) => (keys?.[index] === undefined ? undefined : counts.get(encoding, keys[index])));
			if (known.every((tokens) => tokens !== undefined)) return known as number[];
			// counterNow answers the estimate itself, so only an exact encoding gets here unloaded.
			const counter = counterNow(encoding) ?? (await loadCounter(encoding as ExactEncoding));
			return texts.map((text, index) => {
				const held = known[index];
				if (held !== undefined) return held;
				const tokens = countSafely(counter, text);
				const key = keys?.[index];
				if (key !== undefined) counts.set(encoding, key, tokens);
				return tokens;
			});
		}
	};
}
