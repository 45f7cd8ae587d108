// Whisper through transformers.js, shared by the worker and its Node tests: one pipeline per
// model source, kept while the same source is asked for; a failed load is not kept.
import type { AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { loadPipeline, type LoadPipelineOptions } from '../core/models/transformers.ts';
import type { ModelSource } from '../core/models/transformersConfig.ts';

let current: { key: string; pipeline: Promise<AutomaticSpeechRecognitionPipeline> } | undefined;

export async function loadWhisper(source: ModelSource, options: LoadPipelineOptions = {}): Promise<AutomaticSpeechRecognitionPipeline> {
	const key = `${source.host}|${source.model}|${source.revision ?? 'main'}`;
	if (current?.key !== key) current = { key, pipeline: loadPipeline('automatic-speech-recognition', source, options) };
	const mine = current;
	try {
		return await mine.pipeline;
	} catch (error) {
		if (current === mine) current = undefined;
		throw error;
	}
}

/** Text of 16 kHz mono samples; long recordings are read in 30 s windows. */
export async function runWhisper(pipeline: AutomaticSpeechRecognitionPipeline, samples: Float32Array): Promise<string> {
	const output = await pipeline(samples, { chunk_length_s: 30, stride_length_s: 5 });
	const parts = Array.isArray(output) ? output : [output];
	return parts.map((part) => part.text).join(' ').trim();
}
