// The main thread's token counts: what the token worker has counted, cached by message id +
// version + length, and what to use for a text it has not counted yet. Counting is
// asynchronous; planning is not: a plan takes the counts known now and says how many texts
// it had to guess (decision 0021).
import type { Countable } from '../../core/contextPlan.ts';
import { estimateTokens, TokenCache, tokenUpperBound, type Encoding } from '../../core/tokens.ts';
import { getTokenCountService, workerHasLoaded, type TokenCountService } from '../../workers/tokensClient.ts';

export type { Countable } from '../../core/contextPlan.ts';

/**
 * What stands in for a count not known yet: `estimate` for showing (cheap, about right,
 * marked as counting), `bound` for sending (never below the real count, so a request fits).
 */
export type Fallback = 'estimate' | 'bound';

/** After counting fails (no worker, tokenizer not cached offline), the estimate is used this long before trying again. */
export const RETRY_AFTER_MS = 30_000;

export class TokenLedger {
	readonly #cache = new TokenCache(20_000);
	readonly #service: () => TokenCountService;
	readonly #now: () => number;
	readonly #loadedInWorker: (encoding: Encoding) => boolean;
	/** Encodings the worker has counted with: their tokenizer is loaded, counting is quick. */
	readonly #ready = new Set<Encoding>();
	readonly #failedAt = new Map<Encoding, number>();
	/** Counts in flight, by encoding and key, so two plans never count one text twice. */
	readonly #inFlight = new Map<string, Promise<void>>();

	/**
	 * `loadedInWorker`: whether the worker has the encoding loaded already because the budget
	 * line's plans (counted there, decision 0029) loaded it, so a send waits for the counts
	 * (the worker holds them by key: a quick round trip) as it did when this ledger counted them.
	 */
	constructor(service: () => TokenCountService = getTokenCountService, now: () => number = Date.now, loadedInWorker = workerHasLoaded) {
		this.#service = service;
		this.#now = now;
		this.#loadedInWorker = loadedInWorker;
	}

	/** The encoding counts are made with: the model's, or the estimate while counting with it fails. */
	effective(encoding: Encoding): Encoding {
		const failed = this.#failedAt.get(encoding);
		return failed !== undefined && this.#now() - failed < RETRY_AFTER_MS ? 'estimate' : encoding;
	}

	/** Whether counting with `encoding` needs no tokenizer to load first. */
	isReady(encoding: Encoding): boolean {
		return encoding === 'estimate' || this.#ready.has(encoding) || this.#loadedInWorker(encoding);
	}

	/**
	 * A text's count now. `exact` is false when the fallback stood in for a count not known
	 * yet. For the estimate encoding the estimate is the count itself; sending computes it
	 * here rather than wait for the worker.
	 */
	peek(encoding: Encoding, item: Countable, fallback: Fallback): { tokens: number; exact: boolean } {
		const known = this.#cache.get(encoding, item.key);
		if (known !== undefined) return { tokens: known, exact: true };
		if (fallback === 'estimate') return { tokens: estimateTokens(item.text), exact: false };
		if (encoding !== 'estimate') return { tokens: tokenUpperBound(item.text), exact: false };
		const tokens = estimateTokens(item.text);
		this.#cache.set(encoding, item.key, tokens);
		return { tokens, exact: true };
	}

	/** Has the worker count every item not counted yet. Settles when done; a failure switches to the estimate for a while. */
	async ensure(encoding: Encoding, items: readonly Countable[]): Promise<void> {
		const waits: Promise<void>[] = [];
		const missing = new Map<string, string>();
		for (const { key, text } of items) {
			if (this.#cache.get(encoding, key) !== undefined || missing.has(key)) continue;
			const pending = this.#inFlight.get(`${encoding}|${key}`);
			if (pending) waits.push(pending);
			else missing.set(key, text);
		}
		if (missing.size > 0) {
			const keys = [...missing.keys()];
			const batch = this.#count(encoding, keys, [...missing.values()]);
			for (const key of keys) this.#inFlight.set(`${encoding}|${key}`, batch);
			waits.push(batch);
		}
		await Promise.all(waits);
	}

	async #count(encoding: Encoding, keys: string[], texts: string[]): Promise<void> {
		try {
			const counts = await this.#service().count(encoding, texts, keys);
			keys.forEach((key, index) => this.#cache.set(encoding, key, counts[index]!));
			this.#ready.add(encoding);
			this.#failedAt.delete(encoding);
		} catch {
			this.#failedAt.set(encoding, this.#now());
		} finally {
			for (const key of keys) this.#inFlight.delete(`${encoding}|${key}`);
		}
	}
}

let shared: TokenLedger | undefined;

/** The app-wide ledger, backed by the token worker. */
export function tokenLedger(): TokenLedger {
	shared ??= new TokenLedger();
	return shared;
}
