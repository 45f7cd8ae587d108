import { describe, expect, it } from 'vitest';
import {
	DEFAULT_EMBEDDING_MODEL,
	explainLoadError,
	HUGGING_FACE_HOST,
	modelFileUrl,
	modelSettingsSchema,
	ProgressTally,
	progressText,
	readModelSettings
} from './transformersConfig.ts';

describe('model settings', () => {
	it('falls back to build-time defaults, then to the Hub and MiniLM, with semantic features off', () => {
		expect(readModelSettings(undefined)).toEqual({ host: HUGGING_FACE_HOST, embeddingModel: DEFAULT_EMBEDDING_MODEL, semantic: false });
		expect(readModelSettings(null, { host: 'http://mirror.local/models', embeddingModel: 'me/tiny' })).toEqual({
			host: 'http://mirror.local/models/',
			embeddingModel: 'me/tiny',
			semantic: false
		});
	});

	it('takes the stored value over the defaults and ignores a malformed one', () => {
		expect(readModelSettings({ host: 'http://127.0.0.1:9000', semantic: true })).toMatchObject({ host: 'http://127.0.0.1:9000/', semantic: true });
		expect(readModelSettings({ host: 'not a url', semantic: true })).toEqual(readModelSettings(undefined));
	});

	it('explains bad input', () => {
		const result = modelSettingsSchema.safeParse({ host: 'ftp://x', embeddingModel: 'no-slash', semantic: true });
		expect(result.success).toBe(false);
		const messages = result.error?.issues.map((issue) => issue.message) ?? [];
		expect(messages).toContain('The model host must start with http:// or https://');
		expect(messages.some((m) => m.startsWith('A model id looks like owner/name'))).toBe(true);
	});

	it('builds file addresses in the Hub layout', () => {
		expect(modelFileUrl({ host: 'http://h:1', model: 'a/b' }, 'onnx/model.onnx')).toBe('http://h:1/a/b/resolve/main/onnx/model.onnx');
	});
});

describe('explainLoadError', () => {
	const source = { host: 'http://h/', model: 'a/b' };
	it('sorts failures into missing, unreachable and other', () => {
		expect(explainLoadError(new Error('Could not locate file: "http://h/a/b/resolve/main/config.json".'), source).code).toBe('not_found');
		expect(explainLoadError(new TypeError('Failed to fetch'), source).code).toBe('unreachable');
		expect(explainLoadError(new Error('protobuf parsing failed'), source)).toMatchObject({ code: 'failed', message: expect.stringContaining('a/b at http://h/') });
	});
});

describe('ProgressTally', () => {
	it('sums bytes over files as they start and finish', () => {
		const tally = new ProgressTally();
		tally.update({ status: 'initiate', file: 'config.json' });
		tally.update({ status: 'progress', file: 'config.json', loaded: 100, total: 100 });
		const mid = tally.update({ status: 'progress', file: 'onnx/model.onnx', loaded: 1_048_576, total: 4_194_304 });
		expect(mid).toEqual({ loaded: 1_048_676, total: 4_194_404, file: 'onnx/model.onnx', done: false });
		expect(progressText(mid)).toBe('1.0 of 4.0 MB');
		tally.update({ status: 'done', file: 'onnx/model.onnx' });
		expect(tally.update({ status: 'ready' })).toMatchObject({ loaded: 4_194_404, total: 4_194_404, done: true });
		expect(progressText({ loaded: 0, total: 0 })).toBe('');
	});
});
