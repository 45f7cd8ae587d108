// How every HTTP provider ends a stream once the upstream stops sending: abort, usage,
// then exactly one finish (an early end without a finish reason is an error).
import type { ChatEvent, FinishReason } from '../protocol/chat.ts';

export function* endOfStream(state: {
	aborted: boolean;
	usage: ChatEvent | undefined;
	finish: FinishReason | undefined;
	label: string;
}): Generator<ChatEvent> {
	// SDKs end their iteration quietly when the request is aborted.
	if (state.aborted) {
		yield { type: 'finish', reason: 'abort' };
		return;
	}
	if (state.usage) yield state.usage;
	if (state.finish === undefined) {
		yield { type: 'error', code: 'upstream_error', message: `${state.label} ended the reply before it was finished.` };
		yield { type: 'finish', reason: 'error' };
		return;
	}
	yield { type: 'finish', reason: state.finish };
}
