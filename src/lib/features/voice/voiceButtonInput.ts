// What VoiceButton does once pressed: the recorder, the choice of a transcription source
// (a connection, or Whisper in the browser) and the commands. Loaded on the first press, so
// the composer shows a plain button until then (decision 0022, round 3).
import { goto } from '$app/navigation';
import { readTranscriptionSetting, transcribe, TRANSCRIPTION_SETTING_KEY } from '$lib/providers/transcription.ts';
import { workspace } from '$lib/features/workspace.svelte.ts';
import { pickVoiceSource, type VoiceSource } from './browserWhisper.ts';
import { parseVoiceCommand } from './commands.ts';
import { VoiceRecorder } from './recorder.svelte.ts';

export interface VoiceInputHandlers {
	/** A transcript that is not a command. */
	ontext: (text: string) => void;
	onsend: () => void;
	onstop: () => void;
	/** Whisper in the browser: loading the model (with progress), then transcribing. */
	onstatus: (text: string | null) => void;
}

export interface VoiceInput {
	recorder: VoiceRecorder;
	/** Where a recording goes now, or null when no source can transcribe. */
	target: () => Promise<VoiceSource | null>;
}

export function createVoiceInput(handlers: () => VoiceInputHandlers): VoiceInput {
	async function target() {
		const { db, catalog } = workspace();
		const setting = readTranscriptionSetting((await db.settings.get(TRANSCRIPTION_SETTING_KEY))?.value);
		return pickVoiceSource(catalog.connections, setting);
	}
	const recorder = new VoiceRecorder(
		async (audio, signal) => {
			const chosen = await target();
			if (!chosen) throw new Error('the model source was removed.');
			if (chosen.kind === 'connection') return transcribe(audio, chosen.target, signal);
			const { transcribeWithBrowserWhisper } = await import('./browserTranscriber.ts');
			return transcribeWithBrowserWhisper(workspace().db, chosen.model, audio, signal, (text) => handlers().onstatus(text));
		},
		(transcript) => {
			const { ontext, onsend, onstop } = handlers();
			const command = parseVoiceCommand(transcript);
			if (command === 'send') onsend();
			else if (command === 'stop') onstop();
			else if (command === 'new-chat') void goto('/');
			else ontext(transcript);
		}
	);
	return { recorder, target };
}
