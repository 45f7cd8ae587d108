// One voice recording at a time: asks for the microphone, records with MediaRecorder, and on
// stop hands the audio to a transcriber. Every failure becomes a sentence for the user.

export type RecorderState = 'idle' | 'recording' | 'transcribing';

export type Transcriber = (audio: Blob, signal: AbortSignal) => Promise<string>;

/** Longest recording; it stops by itself there (the OpenAI audio API takes up to 25 MB). */
export const MAX_RECORDING_SECONDS = 300;

/** What a getUserMedia / MediaRecorder failure means, in words. */
export function microphoneErrorMessage(error: unknown): string {
	const name = error instanceof Error || error instanceof DOMException ? error.name : '';
	if (name === 'NotAllowedError' || name === 'SecurityError') {
		return 'Microphone access was denied. Allow the microphone for this site in the browser settings, then try again.';
	}
	if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone was found. Connect one and try again.';
	if (name === 'NotReadableError' || name === 'AbortError') return 'The microphone is in use by another app or could not be started.';
	return `Could not start recording: ${error instanceof Error ? error.message : String(error)}`;
}

export class VoiceRecorder {
	state = $state<RecorderState>('idle');
	/** Seconds recorded so far. */
	elapsed = $state(0);
	/** Why the last try failed; cleared on the next start. */
	error = $state<string | null>(null);

	#recorder: MediaRecorder | null = null;
	#stream: MediaStream | null = null;
	#chunks: Blob[] = [];
	#timer: ReturnType<typeof setInterval> | undefined;
	#controller: AbortController | null = null;
	readonly #transcribe: Transcriber;
	readonly #ontext: (text: string) => void;

	constructor(transcribe: Transcriber, ontext: (text: string) => void) {
		this.#transcribe = transcribe;
		this.#ontext = ontext;
	}

	async start(): Promise<void> {
		if (this.state !== 'idle') return;
		this.error = null;
		if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
			this.error = 'This browser cannot record audio.';
			return;
		}
		try {
			this.#stream = await navigator.mediaDevices.getUserMedia({ audio: true });
			const recorder = new MediaRecorder(this.#stream);
			this.#chunks = [];
			recorder.ondataavailable = (event) => {
				if (event.data.size > 0) this.#chunks.push(event.data);
			};
			recorder.start(1000);
			this.#recorder = recorder;
		} catch (error) {
			this.#release();
			this.error = microphoneErrorMessage(error);
			return;
		}
		const began = Date.now();
		this.elapsed = 0;
		this.state = 'recording';
		this.#timer = setInterval(() => {
			this.elapsed = (Date.now() - began) / 1000;
			if (this.elapsed >= MAX_RECORDING_SECONDS) void this.stop();
		}, 250);
	}

	/** Stops recording and transcribes what was recorded. */
	async stop(): Promise<void> {
		const recorder = this.#recorder;
		if (this.state !== 'recording' || !recorder) return;
		clearInterval(this.#timer);
		this.state = 'transcribing';
		const stopped = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
		recorder.stop();
		await stopped;
		const audio = new Blob(this.#chunks, { type: recorder.mimeType || 'audio/webm' });
		this.#release();
		const controller = new AbortController();
		this.#controller = controller;
		try {
			const text = await this.#transcribe(audio, controller.signal);
			if (controller.signal.aborted) return;
			if (text) this.#ontext(text);
			else this.error = 'No speech was heard in the recording.';
		} catch (error) {
			if (!controller.signal.aborted) this.error = `Could not transcribe: ${error instanceof Error ? error.message : String(error)}`;
		} finally {
			this.#controller = null;
			this.state = 'idle';
		}
	}

	/** Drops a recording or a transcription in progress (the component went away). */
	dispose(): void {
		clearInterval(this.#timer);
		this.#controller?.abort();
		if (this.#recorder?.state === 'recording') this.#recorder.stop();
		this.#release();
		this.state = 'idle';
	}

	#release(): void {
		for (const track of this.#stream?.getTracks() ?? []) track.stop();
		this.#stream = null;
		this.#recorder = null;
	}
}
