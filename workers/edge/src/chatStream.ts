// Carries a provider's ChatEvents to the client as server-sent events. Pulls from the
// provider only as fast as the client reads, cuts the upstream call when the client goes
// away, and reports how the call ended so its usage can be recorded.
import type { ChatEvent, FinishReason } from '../../../src/lib/protocol/chat.ts';
import { encodeSseEvent } from '../../../src/lib/protocol/sse.ts';

export interface StreamOutcome {
	inputTokens: number;
	outputTokens: number;
	reason: FinishReason;
}

/**
 * Holds a provider to its contract whatever it does: error messages pass through
 * `redact`, and the stream ends with exactly one `finish` even if the provider throws or
 * stops early (an unfinished stream would leave the client waiting forever).
 */
export async function* guardEvents(
	source: AsyncIterable<ChatEvent>,
	redact: (text: string) => string
): AsyncGenerator<ChatEvent, void, undefined> {
	try {
		for await (const event of source) {
			yield event.type === 'error' ? { ...event, message: redact(event.message) } : event;
			if (event.type === 'finish') return;
		}
		yield { type: 'error', code: 'upstream_error', message: 'The model stopped before finishing its reply.' };
	} catch {
		yield { type: 'error', code: 'internal', message: 'The model stream failed unexpectedly.' };
	}
	yield { type: 'finish', reason: 'error' };
}

/** Tracks usage and the finish reason across a stream's events. */
export function createOutcome(): StreamOutcome & { observe(event: ChatEvent): void } {
	return {
		inputTokens: 0,
		outputTokens: 0,
		reason: 'error',
		observe(event) {
			if (event.type === 'usage') {
				this.inputTokens = event.inputTokens;
				this.outputTokens = event.outputTokens;
			} else if (event.type === 'finish') {
				this.reason = event.reason;
			}
		}
	};
}

/**
 * @param first the event already read (the route reads one to tell an upstream failure,
 *   which becomes an HTTP error, from a reply, which becomes this stream)
 * @param rest the events after it, from `guardEvents`
 * @param upstream aborts the provider's request; called when the client cancels
 * @param onEnd called once, after the last event was sent or the client went away
 */
export function chatEventStream(options: {
	first: ChatEvent;
	rest: AsyncIterator<ChatEvent>;
	upstream: AbortController;
	onEnd: (outcome: StreamOutcome) => void;
}): ReadableStream<Uint8Array> {
	const { rest, upstream, onEnd } = options;
	const encoder = new TextEncoder();
	const outcome = createOutcome();
	let pending: ChatEvent | undefined = options.first;
	let cancelled = false;
	let ended = false;
	const end = () => {
		if (ended) return;
		ended = true;
		onEnd({ inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens, reason: outcome.reason });
	};

	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				let event = pending;
				pending = undefined;
				if (event === undefined) {
					const next = await rest.next();
					event = next.done ? undefined : next.value;
				}
				if (event) outcome.observe(event);
				// The client may have left while we waited; cancel() is draining then.
				if (cancelled) return;
				if (event) controller.enqueue(encoder.encode(encodeSseEvent(event)));
				if (event === undefined || event.type === 'finish') {
					controller.close();
					end();
				}
			},
			async cancel() {
				cancelled = true;
				upstream.abort(new DOMException('The client closed the connection.', 'AbortError'));
				// Drain so the provider releases its request and reports what it used.
				for (let next = await rest.next(); !next.done; next = await rest.next()) outcome.observe(next.value);
				end();
			}
		},
		// Pull from the upstream only when the client is ready for more.
		{ highWaterMark: 0 }
	);
}
