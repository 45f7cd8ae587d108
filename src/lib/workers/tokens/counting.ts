/**
 * Exact token counting, for the token worker only: the encodings are 1–2.4 MB of ranks that
 * take hundreds of milliseconds to compile and evaluate, which must not happen on the main
 * thread (issue 5: no long task while a reply streams). Each encoding loads on first use.
 */
import { estimateTokens, guardLongRuns, tokenUpperBound, type Encoding, type ExactEncoding, type TokenCounter } from '../../core/tokens.ts';

/** What the token worker exposes through comlink. */
export interface TokenCountService {
	/**
	 * Counts each text with `encoding`, in order: exactly (loading the encoding first), or
	 * with the estimate, which is cheap but still linear in the text, so it runs here too.
	 */
	count(encoding: Encoding, texts: string[]): Promise<number[]>;
}

// Text such as "<|endoftext|>" in a message is ordinary text to the API, not a special token:
// counting it as text (instead of the library's default, throwing) matches what is billed.
const asText = { disallowedSpecial: new Set<string>() };

const loaded = new Map<ExactEncoding, Promise<TokenCounter>>();

/** The exact counter of an encoding (long unbroken runs estimated, see guardLongRuns). */
export function loadCounter(encoding: ExactEncoding): Promise<TokenCounter> {
	let counter = loaded.get(encoding);
	if (!counter) {
		counter = (
			encoding === 'o200k_base' ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base')
		).then((module) => guardLongRuns((text: string) => module.countTokens(text, asText)));
		// A failed load (offline before the chunk was cached) is tried again on the next call.
		counter.catch(() => loaded.delete(encoding));
		loaded.set(encoding, counter);
	}
	return counter;
}

export function createTokenCountService(): TokenCountService {
	return {
		async count(encoding, texts) {
			const counter = encoding === 'estimate' ? estimateTokens : await loadCounter(encoding);
			return texts.map((text) => {
				try {
					return counter(text);
				} catch {
					// Never seen, but one odd text must not fail the batch: its bound is safe.
					return tokenUpperBound(text);
				}
			});
		}
	};
}
