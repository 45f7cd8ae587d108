// Hosts web-llm's engine off the main thread, so downloading, compiling and generating never
// block the UI. It speaks web-llm's own worker protocol (its WebWorkerMLCEngine client is
// in providers/webllm.ts) rather than comlink, because that client already gives the
// OpenAI-style streaming API, progress reports and interruption.
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (event: MessageEvent) => {
	handler.onmessage(event);
};
