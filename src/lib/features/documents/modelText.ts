// One whole answer from the selected model, for background work on documents: the stream
// collected into a string, its error thrown with the provider's own words.
import type { ChatRequest } from '../../protocol/chat.ts';
import type { ResolvedModel } from '../../providers/registry.ts';

const TIMEOUT_MS = 120_000;

export async function completeText(model: ResolvedModel, request: ChatRequest, signal: AbortSignal = AbortSignal.timeout(TIMEOUT_MS)): Promise<string> {
	let text = '';
	for await (const event of model.provider.stream({ ...request, model: model.modelId }, signal)) {
		if (event.type === 'text') text += event.delta;
		else if (event.type === 'error') throw new Error(event.message);
		else if (event.type === 'finish' && event.reason === 'abort') throw new Error('The request was stopped before the model answered.');
	}
	if (!text.trim()) throw new Error('The model returned an empty answer.');
	return text;
}
