import { describe, expect, it } from 'vitest';
import { microphoneErrorMessage } from './recorder.svelte.ts';

describe('microphoneErrorMessage', () => {
	it('tells denied permission, a missing and a busy microphone apart', () => {
		expect(microphoneErrorMessage(new DOMException('Permission denied', 'NotAllowedError'))).toMatch(/Microphone access was denied/);
		expect(microphoneErrorMessage(new DOMException('Requested device not found', 'NotFoundError'))).toMatch(/No microphone was found/);
		expect(microphoneErrorMessage(new DOMException('Could not start audio source', 'NotReadableError'))).toMatch(/in use by another app/);
	});

	it('passes any other failure on with its own words', () => {
		expect(microphoneErrorMessage(new TypeError('boom'))).toBe('Could not start recording: boom');
		expect(microphoneErrorMessage('odd')).toBe('Could not start recording: odd');
	});
});
