// The edge client's reply stream and its failure handling (with the provider error classes
// and the OpenAI SDK's error classes they test against). Loaded with the send path, or on
// a failed model list, not with the first screen (decision 0022, round 3).
import type { ChatEvent, ChatRequest } from '../protocol/chat.ts';
import { apiErrorSchema } from '../protocol/models.ts';
import { failureEvents, fromHttpResponse, toProviderError, type ErrorContext } from './errors.ts';
import { ProviderError } from './types.ts';

export { toProviderError };

export interface EdgeConnection {
	base: string;
	context: ErrorContext;
	fetch: typeof fetch;
	headers?: Record<string, string>;
}

export async function* streamFromEdge(edge: EdgeConnection, request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatEvent> {
	const { base, context } = edge;
	// Our own controller, so leaving early (finish seen, consumer gone) also closes the
	// connection: the SSE decoder's reader cannot cancel the body it pipes from.
	const connection = new AbortController();
	const forward = () => connection.abort(signal.reason);
	signal.addEventListener('abort', forward, { once: true });
	if (signal.aborted) forward();
	// The event schemas (zod/mini, chatEvents.ts) load as the request goes out, not with the page
	// (decision 0022): their evaluation then falls in the wait for the first byte instead
	// of into the streaming reply. A failed load is reported where it is awaited.
	const events = import('../protocol/sse.ts');
	events.catch(() => undefined);
	try {
		const response = await edge.fetch(`${base}/api/chat`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...edge.headers },
			body: JSON.stringify(request),
			signal: connection.signal
		});
		if (!response.ok) throw await edgeErrorFromResponse(response, context);
		if (!response.body) throw new ProviderError('upstream_error', 'The Atrium server sent an empty reply.');
		const { decodeSseEvents } = await events;
		for await (const event of decodeSseEvents(response.body)) {
			yield event;
			if (event.type === 'finish') return;
		}
	} catch (error) {
		yield* failureEvents(error, { ...context, signal });
		return;
	} finally {
		signal.removeEventListener('abort', forward);
		connection.abort();
	}
	// The stream ended without its `finish` event.
	if (signal.aborted) {
		yield { type: 'finish', reason: 'abort' };
		return;
	}
	yield { type: 'error', code: 'upstream_error', message: 'The Atrium server ended the reply before it was finished.' };
	yield { type: 'finish', reason: 'error' };
}

/** The edge answers `{ error: { code, message } }`; anything else came from a proxy on the way. */
export async function edgeErrorFromResponse(response: Response, context: ErrorContext): Promise<ProviderError> {
	const text = await response.text().catch(() => '');
	let body: unknown = text;
	try {
		body = JSON.parse(text) as unknown;
	} catch {
		// An HTML error page from a proxy or CDN: mapped by status below.
	}
	const edgeError = apiErrorSchema.safeParse(body);
	if (edgeError.success) {
		const { code, message } = edgeError.data.error;
		return new ProviderError(code, message, { status: response.status });
	}
	return fromHttpResponse(response.status, body, response.headers, context);
}
