// What a transcript means: one of the spoken commands, or text for the composer (decision 0018).
// Pure, so the rules are unit-tested without a microphone.

export { appendTranscript } from './appendTranscript.ts';

export type VoiceCommand = 'new-chat' | 'send' | 'stop';

const COMMANDS: Record<string, VoiceCommand> = {
	'new chat': 'new-chat',
	send: 'send',
	stop: 'stop'
};

/** Lower case, punctuation dropped, runs of spaces made one: "Send." and " SEND! " both read "send". */
export function normalizeTranscript(transcript: string): string {
	return transcript
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[\p{P}\p{S}]+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** The command when the whole transcript is exactly one; null for anything else (it is text). */
export function parseVoiceCommand(transcript: string): VoiceCommand | null {
	return COMMANDS[normalizeTranscript(transcript)] ?? null;
}

/** "0:07", "1:05": the time shown while recording. */
export function formatElapsed(seconds: number): string {
	const whole = Math.max(0, Math.floor(seconds));
	return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
