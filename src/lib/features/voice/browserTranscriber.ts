// Transcribes with Whisper in this browser: the model host from the shared model settings,
// the model id from the voice setting. Loaded on demand, so the composer stays small.
import { MODEL_SETTINGS_KEY, progressText, readModelSettings } from '$lib/core/models/transformersConfig.ts';
import { MODEL_DEFAULTS } from '$lib/core/models/transformersDefaults.ts';
import type { AtriumDatabase } from '$lib/db/database.ts';
import { loadBrowserWhisper, transcribeInBrowser } from '$lib/workers/whisperClient.ts';
import { whisperSource, whisperUnavailable } from './browserWhisper.ts';

export async function transcribeWithBrowserWhisper(
	db: AtriumDatabase,
	model: string,
	audio: Blob,
	signal: AbortSignal,
	onStatus: (text: string | null) => void
): Promise<string> {
	const { host } = readModelSettings((await db.settings.get(MODEL_SETTINGS_KEY))?.value, MODEL_DEFAULTS);
	onStatus(`Loading Whisper (${model})…`);
	try {
		await loadBrowserWhisper(whisperSource(host, model), (progress) => {
			const size = progressText(progress);
			onStatus(progress.done ? 'Starting Whisper…' : `Loading Whisper (${model})…${size ? ` ${size}` : ''}`);
		});
	} catch (error) {
		onStatus(null);
		throw new Error(whisperUnavailable(error instanceof Error ? error.message : String(error)));
	}
	onStatus('Transcribing in this browser…');
	try {
		return await transcribeInBrowser(audio, signal);
	} finally {
		onStatus(null);
	}
}
