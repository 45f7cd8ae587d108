// The "Install Atrium" offer. The browser's own prompt is held back (`beforeinstallprompt`)
// and offered only once the user has a conversation worth keeping, never again once they
// decline or dismiss it (remembered in the settings table).
import type { AtriumDatabase } from '../../db/database.ts';

/** Chromium's install prompt event (not in the DOM typings). */
export interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<unknown>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform?: string }>;
}

export const INSTALL_DISMISSED_KEY = 'pwa.installDismissed';

export interface InstallOfferState {
	/** The browser said the app is installable and handed over its prompt. */
	promptable: boolean;
	/** The user has at least one conversation. */
	engaged: boolean;
	/** The user said no before (here or in the browser's dialog). */
	dismissed: boolean;
	/** Running as the installed app, or installed just now. */
	installed: boolean;
}

export function shouldOfferInstall(state: InstallOfferState): boolean {
	return state.promptable && state.engaged && !state.dismissed && !state.installed;
}

export class InstallOffer {
	engaged = $state(false);
	// Hidden until the stored answer is read, so a dismissed offer never flashes.
	dismissed = $state(true);
	installed = $state(false);
	#prompt = $state.raw<BeforeInstallPromptEvent | null>(null);
	readonly #db: AtriumDatabase;

	constructor(db: AtriumDatabase) {
		this.#db = db;
	}

	get visible(): boolean {
		return shouldOfferInstall({
			promptable: this.#prompt !== null,
			engaged: this.engaged,
			dismissed: this.dismissed,
			installed: this.installed
		});
	}

	/** Reads the stored answer and starts listening; returns a function that stops. */
	start(target: Window = window): () => void {
		void this.#db.settings.get(INSTALL_DISMISSED_KEY).then((row) => (this.dismissed = row?.value === true));
		this.installed = target.matchMedia?.('(display-mode: standalone)').matches ?? false;
		const capture = (event: Event) => {
			// Keeps the browser's mini-infobar away; the offer comes at our moment instead.
			event.preventDefault();
			this.#prompt = event as BeforeInstallPromptEvent;
		};
		const installed = () => {
			this.installed = true;
			this.#prompt = null;
		};
		target.addEventListener('beforeinstallprompt', capture);
		target.addEventListener('appinstalled', installed);
		return () => {
			target.removeEventListener('beforeinstallprompt', capture);
			target.removeEventListener('appinstalled', installed);
		};
	}

	/** Shows the browser's install dialog; a "no" there is remembered like Dismiss. */
	async install(): Promise<void> {
		const prompt = this.#prompt;
		if (!prompt) return;
		// A prompt event can be used once.
		this.#prompt = null;
		await prompt.prompt();
		const { outcome } = await prompt.userChoice;
		if (outcome === 'accepted') this.installed = true;
		else await this.dismiss();
	}

	async dismiss(): Promise<void> {
		this.dismissed = true;
		await this.#db.settings.put({ key: INSTALL_DISMISSED_KEY, value: true });
	}
}
