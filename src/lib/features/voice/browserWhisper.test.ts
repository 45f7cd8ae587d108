// Whisper in the browser: which source transcribes, and the failure path through the real
// shared loader and transformers.js against the tiny model host (no Whisper model on it:
// none can be downloaded here), so "no model available" is what a user would read.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTinyModelServer, type TinyModelServer } from '../../../../tests/fixtures/tinyModels.ts';
import { ModelUnavailableError } from '../../core/models/transformersConfig.ts';
import type { Connection } from '../../db/database.ts';
import { loadWhisper } from '../../workers/whisperCore.ts';
import { BROWSER_WHISPER_ID, DEFAULT_WHISPER_MODEL, pickVoiceSource, whisperSource, whisperUnavailable } from './browserWhisper.ts';

/** The error a load failed with (a load that works fails the test). */
const failure = (load: Promise<unknown>): Promise<ModelUnavailableError> =>
	load.then(
		() => {
			throw new Error('the model loaded');
		},
		(error: unknown) => error as ModelUnavailableError
	);

const openai: Connection = { id: 'o1', kind: 'openai', label: 'OpenAI', baseUrl: 'http://x/v1', apiKey: 'k', enabled: true, createdAt: 1 };

describe('the Whisper source', () => {
	it('uses Whisper in the browser only when the setting names it, with its model or the default', () => {
		expect(pickVoiceSource([openai], { connectionId: BROWSER_WHISPER_ID })).toEqual({ kind: 'browser', model: DEFAULT_WHISPER_MODEL });
		expect(pickVoiceSource([], { connectionId: BROWSER_WHISPER_ID, model: 'me/whisper-base' })).toEqual({ kind: 'browser', model: 'me/whisper-base' });
		expect(pickVoiceSource([openai], {})).toEqual({ kind: 'connection', target: { connection: openai, model: 'whisper-1' } });
		expect(pickVoiceSource([], {})).toBeNull();
	});

	it('words a failure as a sentence about voice input', () => {
		expect(whisperUnavailable('the Whisper worker could not start.')).toBe(
			'Whisper in the browser is not available. The Whisper worker could not start. Pick another voice source in Settings, or check the model host and id.'
		);
	});
});

describe('loading Whisper', () => {
	let server: TinyModelServer;
	let cacheDir: string;
	beforeAll(async () => {
		server = await startTinyModelServer();
		cacheDir = await mkdtemp(join(tmpdir(), 'atrium-whisper-'));
	});
	afterAll(async () => {
		await server.close();
		await rm(cacheDir, { recursive: true, force: true });
	});

	it('says no model is available, naming the model and host, and tries again next time', async () => {
		const source = whisperSource(server.url, 'atrium-tests/no-whisper');
		const first = loadWhisper(source, { cacheDir });
		await expect(first).rejects.toBeInstanceOf(ModelUnavailableError);
		const error = await failure(first);
		expect(error.code).toBe('not_found');
		expect(error.message).toContain(`No model atrium-tests/no-whisper at ${server.url}`);
		expect(whisperUnavailable(error.message)).toMatch(/^Whisper in the browser is not available\. No model atrium-tests\/no-whisper/);
		const asked = server.requests.length;
		expect(asked).toBeGreaterThan(0);
		await expect(loadWhisper(source, { cacheDir })).rejects.toBeInstanceOf(ModelUnavailableError);
		expect(server.requests.length).toBeGreaterThan(asked);
		expect(server.requests.every((path) => path.startsWith('/atrium-tests/no-whisper/resolve/main/'))).toBe(true);
	});

	it('says the host cannot be reached when nothing answers there', async () => {
		const closed = await startTinyModelServer();
		const url = closed.url;
		await closed.close();
		const error = await failure(loadWhisper(whisperSource(url, DEFAULT_WHISPER_MODEL), { cacheDir }));
		expect(error).toBeInstanceOf(ModelUnavailableError);
		expect(error.code).toBe('unreachable');
	});
});
