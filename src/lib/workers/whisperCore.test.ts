// Whisper recognition for real: the shared loader and transformers.js's speech pipeline
// (onnxruntime-node here) load a tiny Whisper made by the tests from the tests' model host, and
// what it transcribes depends on the audio the test makes (a low tone, a high tone, silence).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTinyModelServer, type TinyModelServer } from '../../../tests/fixtures/tinyModels.ts';
import { TINY_WHISPER_MODEL, tinyWhisperModelFiles, tinyWhisperVocabulary, WHISPER_PHRASES } from '../../../tests/fixtures/tinyModelsWhisper.ts';
import type { ModelProgress } from '../core/models/transformersConfig.ts';
import { whisperSource } from '../features/voice/browserWhisper.ts';
import { loadWhisper, runWhisper } from './whisperCore.ts';

const RATE = 16_000;
const tone = (hertz: number, seconds: number) => Float32Array.from({ length: RATE * seconds }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hertz * i) / RATE));

let server: TinyModelServer;
let cacheDir: string;
beforeAll(async () => {
	server = await startTinyModelServer({ models: { [TINY_WHISPER_MODEL]: tinyWhisperModelFiles() }, pieces: 4, pieceDelayMs: 5 });
	cacheDir = await mkdtemp(join(tmpdir(), 'atrium-whisper-'));
});
afterAll(async () => {
	await server.close();
	await rm(cacheDir, { recursive: true, force: true });
});

describe('Whisper through transformers.js', { timeout: 60_000 }, () => {
	it('loads the model from the host with progress, and transcribes what the audio holds', async () => {
		const progress: ModelProgress[] = [];
		const asr = await loadWhisper(whisperSource(server.url, TINY_WHISPER_MODEL), { cacheDir, onProgress: (p) => progress.push(p) });
		for (const file of ['config.json', 'generation_config.json', 'preprocessor_config.json', 'tokenizer.json', 'onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']) {
			expect(server.requests).toContain(`/${TINY_WHISPER_MODEL}/resolve/main/${file}`);
		}
		const last = progress.at(-1)!;
		expect(last.total).toBeGreaterThan(500_000);
		expect(last.loaded).toBe(last.total);
		expect(progress.some((p) => p.loaded > 0 && p.loaded < p.total)).toBe(true);

		expect(await runWhisper(asr, tone(440, 1.5))).toBe(WHISPER_PHRASES.low.trim());
		expect(await runWhisper(asr, tone(3000, 1.5))).toBe(WHISPER_PHRASES.high.trim());
		expect(await runWhisper(asr, new Float32Array(RATE * 1.5))).toBe('');
		// Longer than one 30 s window: read in overlapping windows, merged into one transcript.
		expect(await runWhisper(asr, tone(3000, 40))).toBe(WHISPER_PHRASES.high.trim());
	});

	it('keeps the loaded model for the same source, and loads from its cache with the host gone', async () => {
		const source = whisperSource(server.url, TINY_WHISPER_MODEL);
		const first = await loadWhisper(source, { cacheDir });
		const asked = server.requests.length;
		expect(await loadWhisper(source, { cacheDir })).toBe(first);
		expect(server.requests.length).toBe(asked);

		const offline = await loadWhisper(whisperSource('http://127.0.0.1:9/', TINY_WHISPER_MODEL), { cacheDir });
		expect(offline).not.toBe(first);
		expect(await runWhisper(offline, tone(440, 2))).toBe(WHISPER_PHRASES.low.trim());
	});

	it('has a byte-level BPE tokenizer: a phrase encodes to its word tokens and decodes back without the special tokens', async () => {
		const asr = await loadWhisper(whisperSource(server.url, TINY_WHISPER_MODEL), { cacheDir });
		const { ids } = tinyWhisperVocabulary();
		const tokens = asr.tokenizer.encode(WHISPER_PHRASES.low, { add_special_tokens: false });
		expect(tokens.map((id) => asr.tokenizer.decode([id]))).toEqual([' Hello', ' from', ' a', ' low', ' tone', '.']);
		expect(asr.tokenizer.decode([ids['<|startoftranscript|>']!, ids['<|notimestamps|>']!, ...tokens, ids['<|endoftext|>']!], { skip_special_tokens: true })).toBe(WHISPER_PHRASES.low);
	});
});
