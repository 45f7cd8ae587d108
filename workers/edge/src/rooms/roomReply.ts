// Runs one model call for a room with the server-held keys, through the same upstreams and
// stream guard as POST /api/chat, reporting text as it arrives and how the reply ended.
import type { ChatMessage } from '../../../../src/lib/protocol/chat.ts';
import { guardEvents } from '../chatStream.ts';
import { readEdgeConfig } from '../config.ts';
import type { EdgeEnv } from '../env.ts';
import { redactSecrets } from '../errors.ts';
import { configuredUpstreams, resolveModel } from '../upstreams.ts';

export interface ReplySink {
	delta(text: string): void;
	end(status: 'complete' | 'error', error?: string): void;
}

/** Never throws: every failure ends the reply with status `error` and a message. */
export async function generateReply(env: EdgeEnv, request: { model: string; messages: ChatMessage[] }, sink: ReplySink): Promise<void> {
	let config: ReturnType<typeof readEdgeConfig>;
	try {
		config = readEdgeConfig(env);
	} catch {
		sink.end('error', 'The server is misconfigured: it cannot call a model.');
		return;
	}
	const target = resolveModel(configuredUpstreams(config), request.model);
	if (!target) {
		sink.end('error', `This server offers no model "${request.model}".`);
		return;
	}
	const redact = (text: string) => redactSecrets(text, config.secrets);
	let error: string | undefined;
	// The room's reply is not tied to any client, so nothing cancels it but the upstream.
	const events = guardEvents(target.upstream.provider.stream({ model: target.modelId, messages: request.messages }, new AbortController().signal), redact);
	for await (const event of events) {
		if (event.type === 'text') sink.delta(event.delta);
		else if (event.type === 'error') error = event.message;
		else if (event.type === 'finish') {
			sink.end(event.reason === 'error' ? 'error' : 'complete', event.reason === 'error' ? (error ?? 'The model failed.') : undefined);
			return;
		}
	}
}
