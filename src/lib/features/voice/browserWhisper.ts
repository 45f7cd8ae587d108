// Whisper in the browser as a transcription source (decision 0024): chosen in the
// `voice.transcription` setting with `connectionId: "browser"`, its model id configurable
// (any Whisper export for transformers.js on the model host). The model is loaded at run time
// through the shared loader (core/models): a clear message when none is available.
import type { Connection } from '../../db/database.ts';
import { pickTranscriber, type TranscriptionSetting, type TranscriptionTarget } from '../../providers/transcription.ts';
import type { ModelSource } from '../../core/models/transformersConfig.ts';

/** The setting's `connectionId` that picks Whisper in this browser. */
export const BROWSER_WHISPER_ID = 'browser';
/** English Whisper tiny (q8, ~40 MB), exported for transformers.js. */
export const DEFAULT_WHISPER_MODEL = 'Xenova/whisper-tiny.en';
/** Whisper hears 16 kHz mono. */
export const WHISPER_SAMPLE_RATE = 16_000;

export type VoiceSource = { kind: 'connection'; target: TranscriptionTarget } | { kind: 'browser'; model: string };

/** Whisper in the browser when the setting names it; else a configured connection; else none. */
export function pickVoiceSource(connections: readonly Connection[], setting: TranscriptionSetting): VoiceSource | null {
	if (setting.connectionId === BROWSER_WHISPER_ID) return { kind: 'browser', model: setting.model ?? DEFAULT_WHISPER_MODEL };
	const target = pickTranscriber(connections, setting);
	return target ? { kind: 'connection', target } : null;
}

/** Where the model comes from: the shared model host, this source's model id. */
export function whisperSource(host: string, model: string): ModelSource {
	return { host, model, dtype: 'q8' };
}

/** The loader's (or the worker's) message, said as being about voice input. */
export function whisperUnavailable(message: string): string {
	const sentence = message.charAt(0).toUpperCase() + message.slice(1);
	return `Whisper in the browser is not available. ${sentence} Pick another voice source in Settings, or check the model host and id.`;
}
