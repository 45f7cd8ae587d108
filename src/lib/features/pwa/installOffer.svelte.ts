// The "Install Atrium" offer, loaded once the browser has handed over its prompt and the
// user has a conversation worth keeping (installPrompt.svelte.ts holds both). Never offered
// again once they decline or dismiss it (remembered in the settings table).
import type { AtriumDatabase } from '../../db/database.ts';
import type { InstallPrompt } from './installPrompt.svelte.ts';

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
	// Hidden until the stored answer is read, so a dismissed offer never flashes.
	dismissed = $state(true);
	readonly #db: AtriumDatabase;
	readonly #prompt: InstallPrompt;

	constructor(db: AtriumDatabase, prompt: InstallPrompt) {
		this.#db = db;
		this.#prompt = prompt;
		void db.settings.get(INSTALL_DISMISSED_KEY).then((row) => (this.dismissed = row?.value === true));
	}

	get visible(): boolean {
		const prompt = this.#prompt;
		return shouldOfferInstall({
			promptable: prompt.event !== null,
			engaged: prompt.engaged,
			dismissed: this.dismissed,
			installed: prompt.installed
		});
	}

	/** Shows the browser's install dialog; a "no" there is remembered like Dismiss. */
	async install(): Promise<void> {
		const prompt = this.#prompt.event;
		if (!prompt) return;
		// A prompt event can be used once.
		this.#prompt.event = null;
		await prompt.prompt();
		const { outcome } = await prompt.userChoice;
		if (outcome === 'accepted') this.#prompt.installed = true;
		else await this.dismiss();
	}

	async dismiss(): Promise<void> {
		this.dismissed = true;
		await this.#db.settings.put({ key: INSTALL_DISMISSED_KEY, value: true });
	}
}
