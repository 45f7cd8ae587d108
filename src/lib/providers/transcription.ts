// Speech to text for the composer's microphone (decision 0018): the OpenAI audio API
// (`/v1/audio/transcriptions`, any OpenAI-compatible server that has it) or Gemini (the audio
// as inline data with a "transcribe" prompt), on the user's own connection. The SDKs load on
// first use, like the chat providers (decision 0013).
import type { Connection } from '../db/database.ts';
import { toProviderError, type ErrorContext } from './errors.ts';
import { splitGeminiBase } from './geminiBase.ts';
import { ProviderError } from './types.ts';

export const DEFAULT_OPENAI_TRANSCRIPTION_MODEL = 'whisper-1';
export const DEFAULT_GEMINI_TRANSCRIPTION_MODEL = 'gemini-2.5-flash';
/** Settings row (key/value table) that can pin the connection and the model. */
export const TRANSCRIPTION_SETTING_KEY = 'voice.transcription';
const TIMEOUT_MS = 120_000;

export const GEMINI_TRANSCRIBE_PROMPT =
	'Transcribe this audio recording word for word. Reply with the transcript only, with no comments. Reply with nothing if there is no speech.';

export interface TranscriptionSetting {
	/** A connection id; absent: the first enabled connection that can transcribe. */
	connectionId?: string;
	/** A model id on that connection; absent: the default for its kind. */
	model?: string;
}

export interface TranscriptionTarget {
	connection: Connection;
	model: string;
}

/** Reads the stored setting, ignoring anything malformed. */
export function readTranscriptionSetting(value: unknown): TranscriptionSetting {
	if (typeof value !== 'object' || value === null) return {};
	const { connectionId, model } = value as Record<string, unknown>;
	return {
		...(typeof connectionId === 'string' && connectionId ? { connectionId } : {}),
		...(typeof model === 'string' && model.trim() ? { model: model.trim() } : {})
	};
}

/**
 * The connection that transcribes: the one the setting names if it is enabled, else the first
 * enabled OpenAI-compatible one, else the first enabled Gemini one; null when none is configured.
 */
export function pickTranscriber(connections: readonly Connection[], setting: TranscriptionSetting = {}): TranscriptionTarget | null {
	const enabled = connections.filter((c) => c.enabled);
	const chosen =
		(setting.connectionId ? enabled.find((c) => c.id === setting.connectionId) : undefined) ??
		enabled.find((c) => c.kind === 'openai') ??
		enabled.find((c) => c.kind === 'gemini');
	if (!chosen) return null;
	const model = setting.model ?? (chosen.kind === 'openai' ? DEFAULT_OPENAI_TRANSCRIPTION_MODEL : DEFAULT_GEMINI_TRANSCRIPTION_MODEL);
	return { connection: chosen, model };
}

/** The file name the API sees; OpenAI infers the format from its extension. */
export function audioFileName(type: string): string {
	const subtype = /^audio\/([a-z0-9.+-]+)/i.exec(type)?.[1]?.toLowerCase() ?? 'webm';
	const extension = subtype === 'mpeg' ? 'mp3' : subtype === 'x-m4a' || subtype === 'mp4' ? 'm4a' : subtype;
	return `voice.${extension}`;
}

/** Turns recorded audio into text. Failures are ProviderErrors with a message for the user. */
export async function transcribe(audio: Blob, target: TranscriptionTarget, signal?: AbortSignal): Promise<string> {
	const { connection, model } = target;
	const context: ErrorContext = { label: connection.label, endpoint: connection.baseUrl || undefined, signal };
	if (audio.size === 0) throw new ProviderError('invalid_request', 'Nothing was recorded. Check the microphone and try again.');
	try {
		const text = connection.kind === 'openai' ? await viaOpenAI(audio, connection, model, signal) : await viaGemini(audio, connection, model, signal);
		return text.trim();
	} catch (error) {
		throw toProviderError(error, context);
	}
}

async function viaOpenAI(audio: Blob, connection: Connection, model: string, signal?: AbortSignal): Promise<string> {
	const { default: OpenAI } = await import('openai');
	const client = new OpenAI({
		baseURL: connection.baseUrl.trim().replace(/\/+$/, ''),
		apiKey: connection.apiKey || 'no-key',
		...(connection.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
		organization: null,
		project: null,
		// The user's own key, kept in their browser and sent only to the server they chose (see openai.ts).
		dangerouslyAllowBrowser: true,
		maxRetries: 0
	});
	const file = new File([audio], audioFileName(audio.type), { type: audio.type || 'audio/webm' });
	const result = await client.audio.transcriptions.create({ file, model, response_format: 'json' }, { signal, timeout: TIMEOUT_MS });
	return result.text;
}

async function viaGemini(audio: Blob, connection: Connection, model: string, signal?: AbortSignal): Promise<string> {
	const { GoogleGenAI } = await import('@google/genai');
	const { baseUrl, apiVersion } = splitGeminiBase(connection.baseUrl);
	const ai = new GoogleGenAI({ apiKey: connection.apiKey, apiVersion, ...(baseUrl ? { httpOptions: { baseUrl } } : {}) });
	const data = await blobToBase64(audio);
	const response = await ai.models.generateContent({
		model,
		contents: [{ role: 'user', parts: [{ inlineData: { mimeType: audio.type.split(';')[0] || 'audio/webm', data } }, { text: GEMINI_TRANSCRIBE_PROMPT }] }],
		config: { httpOptions: { timeout: TIMEOUT_MS }, ...(signal ? { abortSignal: signal } : {}) }
	});
	return response.text ?? '';
}

async function blobToBase64(blob: Blob): Promise<string> {
	const bytes = new Uint8Array(await blob.arrayBuffer());
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}
