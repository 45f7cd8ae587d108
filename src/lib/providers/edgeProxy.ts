// Client of Atrium's own edge, which holds server-side keys and proxies to the upstreams:
// GET /api/models lists what it offers, POST /api/chat streams ChatEvents as SSE. The
// stream and the failure handling live in edgeStream.ts, loaded on first use: the first
// screen only lists models (decision 0022, round 3), checked by a schema loaded with the
// first list that needs one (decision 0034).
import type { ChatEvent, ChatRequest } from '../protocol/chat.ts';
import { checkAnswer } from '../protocol/checkOnDemand.ts';
import { modelsAnswer } from '../protocol/startupAnswers.ts';
import type { ErrorContext } from './errors.ts';
import { ProviderError, type ChatProvider } from './types.ts';

export interface EdgeProviderOptions {
	/** The edge's origin, or '' for the page's own origin. */
	baseUrl: string;
	fetch?: typeof fetch;
	/** Extra headers on every request, e.g. an Authorization header outside the browser. */
	headers?: Record<string, string>;
}

const LABEL = 'the Atrium server';

const loadStream = () => import('./edgeStream.ts');

export function createEdgeProvider(options: EdgeProviderOptions): ChatProvider {
	const base = options.baseUrl.trim().replace(/\/+$/, '');
	const context: ErrorContext = { label: LABEL, ...(base ? { endpoint: base } : {}) };
	// Called through a wrapper: browsers throw "Illegal invocation" on a detached `fetch`.
	const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
	const edge = { base, context, fetch: doFetch, ...(options.headers ? { headers: options.headers } : {}) };

	return {
		source: 'edge',
		label: 'Atrium server',

		async listModels(signal) {
			let failure: unknown;
			try {
				const response = await doFetch(`${base}/api/models`, {
					headers: { accept: 'application/json', ...options.headers },
					...(signal ? { signal } : {})
				});
				if (response.ok) {
					const parsed = await checkAnswer(await response.json(), modelsAnswer);
					if (parsed.success) return parsed.data.models;
					failure = new ProviderError('upstream_error', 'The Atrium server sent a model list this version of the app does not understand. Reload the page to update.');
				} else {
					failure = await (await loadStream()).edgeErrorFromResponse(response, context);
				}
			} catch (error) {
				failure = error;
			}
			throw await describe(failure, signal);
		},

		async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatEvent> {
			let module: Awaited<ReturnType<typeof loadStream>>;
			try {
				module = await loadStream();
			} catch {
				yield { type: 'error', code: 'network', message: `Could not load the ${LABEL} client. Check the connection and try again.` };
				yield { type: 'finish', reason: 'error' };
				return;
			}
			yield* module.streamFromEdge(edge, request, signal);
		}
	};

	/** Maps a failure to a ProviderError; if even the mapping cannot load, says the server is unreachable. */
	async function describe(error: unknown, signal: AbortSignal | undefined): Promise<ProviderError> {
		if (error instanceof ProviderError) return error;
		try {
			return (await loadStream()).toProviderError(error, { ...context, signal });
		} catch {
			return new ProviderError('network', `Could not reach ${LABEL}. Check the connection and try again.`, { cause: error });
		}
	}
}
