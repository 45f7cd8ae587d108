import { describe, expect, it } from 'vitest';
import { appendTranscript, formatElapsed, normalizeTranscript, parseVoiceCommand } from './commands.ts';

describe('parseVoiceCommand', () => {
	it('recognises each command whatever its case and punctuation', () => {
		expect(parseVoiceCommand('New chat.')).toBe('new-chat');
		expect(parseVoiceCommand('  new   CHAT!  ')).toBe('new-chat');
		expect(parseVoiceCommand('Send.')).toBe('send');
		expect(parseVoiceCommand('SEND')).toBe('send');
		expect(parseVoiceCommand('Stop!')).toBe('stop');
		expect(parseVoiceCommand('stop…')).toBe('stop');
		expect(parseVoiceCommand('new-chat')).toBe('new-chat');
	});

	it('treats anything more or less than a whole command as text', () => {
		expect(parseVoiceCommand('send the report to Anna')).toBeNull();
		expect(parseVoiceCommand('please stop')).toBeNull();
		expect(parseVoiceCommand('newchat')).toBeNull();
		expect(parseVoiceCommand('')).toBeNull();
		expect(parseVoiceCommand('...')).toBeNull();
	});
});

describe('normalizeTranscript', () => {
	it('folds case, drops punctuation and collapses spaces', () => {
		expect(normalizeTranscript('  Hello,   World! ')).toBe('hello world');
	});
});

describe('appendTranscript', () => {
	it('keeps what was typed and adds the transcript after it', () => {
		expect(appendTranscript('Draft:', ' the plan ')).toBe('Draft: the plan');
		expect(appendTranscript('line one\n', 'two')).toBe('line one\ntwo');
		expect(appendTranscript('', 'hello')).toBe('hello');
	});

	it('changes nothing for an empty transcript', () => {
		expect(appendTranscript('typed', '   ')).toBe('typed');
	});
});

describe('formatElapsed', () => {
	it('shows minutes and zero-padded seconds', () => {
		expect(formatElapsed(0)).toBe('0:00');
		expect(formatElapsed(7.9)).toBe('0:07');
		expect(formatElapsed(65)).toBe('1:05');
		expect(formatElapsed(-3)).toBe('0:00');
	});
});
