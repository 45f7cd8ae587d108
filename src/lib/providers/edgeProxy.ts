// Client of Atrium's own edge, which holds server-side keys and proxies to the upstreams:
// GET /api/models lists what it offers, POST /api/chat streams ChatEvents as SSE.
import type { ChatRequest } from '../protocol/chat.ts';
import { apiErrorSchema, modelsResponseSchema } from '../protocol/models.ts';
import { failureEvents, fromHttpResponse, toProviderError, type ErrorContext } from './errors.ts';
import { ProviderError, type ChatProvider } from './types.ts';

export interface EdgeProviderOptions {
	/** The edge's origin, or '' for the page's own origin. */
	baseUrl: string;
	fetch?: typeof fetch;
	/** Extra headers on every request, e.g. an Authorization header outside the browser. */
	headers?: Record<string, string>;
}

const LABEL = 'the Atrium server';

export function createEdgeProvider(options: EdgeProviderOptions): ChatProvider {
	const base = options.baseUrl.trim().replace(/\/+$/, '');
	const context: ErrorContext = { label: LABEL, ...(base ? { endpoint: base } : {}) };
	// Called through a wrapper: browsers throw "Illegal invocation" on a detached `fetch`.
	const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

	return {
		source: 'edge',
		label: 'Atrium server',

		async listModels(signal) {
			try {
				const response = await doFetch(`${base}/api/models`, {
					headers: { accept: 'application/json', ...options.headers },
					...(signal ? { signal } : {})
				});
				if (!response.ok) throw await errorFromResponse(response);
				const parsed = modelsResponseSchema.safeParse(await response.json());
				if (!parsed.success) {
					throw new ProviderError('upstream_error', 'The Atrium server sent a model list this version of the app does not understand. Reload the page to update.');
				}
				return parsed.data.models;
			} catch (error) {
				throw toProviderError(error, { ...context, signal });
			}
		},

		async *stream(request: ChatRequest, signal: AbortSignal) {
			// Our own controller, so leaving early (finish seen, consumer gone) also closes the
			// connection: the SSE decoder's reader cannot cancel the body it pipes from.
			const connection = new AbortController();
			const forward = () => connection.abort(signal.reason);
			signal.addEventListener('abort', forward, { once: true });
			if (signal.aborted) forward();
			try {
				const response = await doFetch(`${base}/api/chat`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...options.headers },
					body: JSON.stringify(request),
					signal: connection.signal
				});
				if (!response.ok) throw await errorFromResponse(response);
				if (!response.body) throw new ProviderError('upstream_error', 'The Atrium server sent an empty reply.');
				// The event schemas load with the first reply, not with the page (decision 0022).
				const { decodeSseEvents } = await import('../protocol/sse.ts');
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
	};

	/** The edge answers `{ error: { code, message } }`; anything else came from a proxy on the way. */
	async function errorFromResponse(response: Response): Promise<ProviderError> {
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
}
