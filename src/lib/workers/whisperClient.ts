// The main thread's side of Whisper in the browser: the worker (one per tab, made on first
// use, made again after it failed), and the recording decoded to what Whisper hears (16 kHz
// mono), which needs an AudioContext and so cannot happen in the worker.
import { proxy, transfer, type Remote } from 'comlink';
import { startModuleWorker, type ModuleWorker } from './moduleWorker.ts';
import type { ModelProgress, ModelSource } from '../core/models/transformersConfig.ts';
import type { WhisperWorkerApi } from './whisper.worker.ts';

const SAMPLE_RATE = 16_000;

let current: ModuleWorker<WhisperWorkerApi> | undefined;

function whisperWorker(): ModuleWorker<WhisperWorkerApi> {
	if (current) return current;
	if (typeof Worker === 'undefined') throw new Error('this browser cannot run Whisper (it has no Web Workers).');
	const made = startModuleWorker<WhisperWorkerApi>(
		() => new Worker(new URL('./whisper.worker.ts', import.meta.url), { type: 'module' }),
		(detail) => `the Whisper worker could not start or stopped${detail ? ` (${detail})` : ''}; try again.`,
		() => {
			if (current === made) current = undefined;
		}
	);
	current = made;
	return made;
}

/** A call to the worker that fails with it. */
function call<T>(run: (api: Remote<WhisperWorkerApi>) => Promise<T>): Promise<T> {
	const { api, failed } = whisperWorker();
	return Promise.race([run(api), failed]);
}

/** The recording as 16 kHz mono samples (channels averaged). */
export async function decodeForWhisper(audio: Blob): Promise<Float32Array> {
	const context = new OfflineAudioContext(1, 1, SAMPLE_RATE);
	let buffer: AudioBuffer;
	try {
		buffer = await context.decodeAudioData(await audio.arrayBuffer());
	} catch {
		throw new Error('the recording could not be decoded in this browser.');
	}
	const samples = new Float32Array(buffer.length);
	for (let channel = 0; channel < buffer.numberOfChannels; channel++) {
		const data = buffer.getChannelData(channel);
		for (let i = 0; i < data.length; i++) samples[i] = (samples[i] ?? 0) + (data[i] ?? 0) / buffer.numberOfChannels;
	}
	return samples;
}

export async function loadBrowserWhisper(source: ModelSource, onProgress: (progress: ModelProgress) => void): Promise<void> {
	await call((api) => api.load(source, proxy(onProgress)));
}

export async function transcribeInBrowser(audio: Blob, signal: AbortSignal): Promise<string> {
	const samples = await decodeForWhisper(audio);
	if (signal.aborted) throw new Error('stopped');
	// Handed over, not copied: five minutes are 19 MB of samples.
	return call((api) => api.transcribe(transfer(samples, [samples.buffer])));
}
