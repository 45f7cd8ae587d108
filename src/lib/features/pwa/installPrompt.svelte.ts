// The browser's install prompt (Chromium's `beforeinstallprompt`) fires once, early in a
// visit, so it is held from the start. The offer that uses it (installOffer.svelte.ts and
// its button) loads only once there is a prompt to offer and a conversation worth keeping
// (decision 0035).

/** Chromium's install prompt event (not in the DOM typings). */
export interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<unknown>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform?: string }>;
}

export class InstallPrompt {
	/** The prompt the browser handed over; null once used, or when it never came. */
	event = $state.raw<BeforeInstallPromptEvent | null>(null);
	/** The user has at least one conversation. */
	engaged = $state(false);
	/** Running as the installed app, or installed just now. */
	installed = $state(false);

	/** Whether an offer could show: what loads the offer's code. */
	get offerable(): boolean {
		return this.event !== null && this.engaged && !this.installed;
	}

	/** Starts listening; returns a function that stops. */
	start(target: Window = window): () => void {
		this.installed = target.matchMedia?.('(display-mode: standalone)').matches ?? false;
		const capture = (event: Event) => {
			// Keeps the browser's mini-infobar away; the offer comes at our moment instead.
			event.preventDefault();
			this.event = event as BeforeInstallPromptEvent;
		};
		const installed = () => {
			this.installed = true;
			this.event = null;
		};
		target.addEventListener('beforeinstallprompt', capture);
		target.addEventListener('appinstalled', installed);
		return () => {
			target.removeEventListener('beforeinstallprompt', capture);
			target.removeEventListener('appinstalled', installed);
		};
	}
}
