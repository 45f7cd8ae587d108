// Transcription against the fake OpenAI and Gemini servers over real HTTP, with the real SDKs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini } from '../../../tests/fixtures/fakeGemini.ts';
import { DEFAULT_FAKE_TRANSCRIPT, startFakeOpenAI, TRANSCRIPT_CONTROL_PATH, type FakeServer, type RecordedTranscription } from '../../../tests/fixtures/fakeOpenAI.ts';
import type { Connection } from '../db/database.ts';
import { audioFileName, GEMINI_TRANSCRIBE_PROMPT, pickTranscriber, readTranscriptionSetting, transcribe } from './transcription.ts';
import { ProviderError } from './types.ts';

const KEY = 'sk-voice-test';
let openai: FakeServer;
let gemini: FakeServer;

beforeAll(async () => {
	openai = await startFakeOpenAI({ apiKey: KEY });
	gemini = await startFakeGemini({ apiKey: KEY });
});
afterAll(async () => {
	await Promise.all([openai.close(), gemini.close()]);
});

function connection(kind: Connection['kind'], init: Partial<Connection> = {}): Connection {
	return { id: `${kind}-1`, kind, label: kind, baseUrl: kind === 'openai' ? openai.url : gemini.url, apiKey: KEY, enabled: true, createdAt: 1, ...init };
}

const audio = () => new Blob([new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4])], { type: 'audio/webm;codecs=opus' });

describe('pickTranscriber', () => {
	it('prefers an enabled OpenAI-compatible connection, then Gemini, else none', () => {
		const off = connection('openai', { id: 'off', enabled: false });
		const g = connection('gemini');
		const o = connection('openai');
		expect(pickTranscriber([off, g, o])).toEqual({ connection: o, model: 'whisper-1' });
		expect(pickTranscriber([off, g])).toEqual({ connection: g, model: 'gemini-2.5-flash' });
		expect(pickTranscriber([off])).toBeNull();
	});

	it('follows the setting when it names an enabled connection and a model', () => {
		const g = connection('gemini');
		const o = connection('openai');
		expect(pickTranscriber([o, g], { connectionId: g.id, model: 'gemini-2.0-flash-lite' })).toEqual({ connection: g, model: 'gemini-2.0-flash-lite' });
		expect(pickTranscriber([o, g], { connectionId: 'gone', model: 'gpt-4o-mini-transcribe' })?.connection).toBe(o);
	});

	it('reads only well-formed settings', () => {
		expect(readTranscriptionSetting({ connectionId: 'a', model: ' whisper-1 ' })).toEqual({ connectionId: 'a', model: 'whisper-1' });
		expect(readTranscriptionSetting({ connectionId: 3, model: '' })).toEqual({});
		expect(readTranscriptionSetting('x')).toEqual({});
	});
});

describe('audioFileName', () => {
	it('names the file after the recorded format', () => {
		expect(audioFileName('audio/webm;codecs=opus')).toBe('voice.webm');
		expect(audioFileName('audio/ogg')).toBe('voice.ogg');
		expect(audioFileName('audio/mp4')).toBe('voice.m4a');
		expect(audioFileName('')).toBe('voice.webm');
	});
});

describe('transcribe', () => {
	it('sends the audio as a multipart file to /v1/audio/transcriptions and returns its text', async () => {
		const origin = new URL(openai.url).origin;
		await fetch(`${origin}${TRANSCRIPT_CONTROL_PATH}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: ' Hello there. ' }) });
		const text = await transcribe(audio(), { connection: connection('openai'), model: 'gpt-4o-mini-transcribe' });
		expect(text).toBe('Hello there.');
		const request = openai.requests.filter((r) => r.path === '/v1/audio/transcriptions').at(-1);
		const body = request?.body as RecordedTranscription;
		expect(body.model).toBe('gpt-4o-mini-transcribe');
		expect(body.file).toMatchObject({ name: 'voice.webm', type: 'audio/webm;codecs=opus' });
		expect(body.file?.size).toBeGreaterThan(0);
		expect(await transcribe(audio(), { connection: connection('openai'), model: 'whisper-1' })).toBe(DEFAULT_FAKE_TRANSCRIPT);
	});

	it('reports a rejected key in words', async () => {
		const error = await transcribe(audio(), { connection: connection('openai', { apiKey: 'sk-wrong' }), model: 'whisper-1' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ProviderError);
		expect((error as ProviderError).code).toBe('unauthorized');
	});

	it('refuses an empty recording without calling the server', async () => {
		const before = openai.requests.length;
		await expect(transcribe(new Blob([], { type: 'audio/webm' }), { connection: connection('openai'), model: 'whisper-1' })).rejects.toThrow(/Nothing was recorded/);
		expect(openai.requests.length).toBe(before);
	});

	it('sends Gemini the audio inline with the transcribe prompt', async () => {
		const text = await transcribe(audio(), { connection: connection('gemini'), model: 'gemini-2.5-flash' });
		const request = gemini.requests.filter((r) => r.path.endsWith(':generateContent')).at(-1);
		const parts = (request?.body as { contents: { parts: Record<string, { mimeType?: string; data?: string } | string>[] }[] }).contents[0]?.parts ?? [];
		expect(parts[0]?.inlineData).toEqual({ mimeType: 'audio/webm', data: Buffer.from(await audio().arrayBuffer()).toString('base64') });
		expect(parts[1]?.text).toBe(GEMINI_TRANSCRIBE_PROMPT);
		expect(text.length).toBeGreaterThan(0);
	});
});
