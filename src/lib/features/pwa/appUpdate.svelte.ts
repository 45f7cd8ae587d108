// The "A new version is ready" flow. A new service worker installs in the background and
// waits; the user decides when to switch. The page never reloads under a streaming reply:
// Reload waits for it (and says so), then asks the worker to take over, then reloads.

/**
 * - `none`: nothing to offer.
 * - `ready`: a new worker is installed and waiting; the toast offers Reload.
 * - `waiting-for-reply`: Reload was pressed while a reply streams; it goes on when none does.
 * - `activating`: the waiting worker was asked to take over; the page reloads once it controls.
 * - `updated-elsewhere`: another tab switched to the new version; this one runs the old code.
 */
export type UpdatePhase = 'none' | 'ready' | 'waiting-for-reply' | 'activating' | 'updated-elsewhere';

export interface AppUpdateDeps {
	/** Tells the waiting service worker to skip waiting. */
	skipWaiting(): void;
	reload(): void;
	/** Whether a reply is streaming now. */
	replyStreaming(): Promise<boolean>;
	/** Settles once no reply is streaming. */
	repliesSettled(): Promise<void>;
}

export class AppUpdate {
	phase = $state<UpdatePhase>('none');
	/** The user chose "Later"; a newer state shows the toast again. */
	dismissed = $state(false);
	#requested = false;
	readonly #deps: AppUpdateDeps;

	constructor(deps: AppUpdateDeps) {
		this.#deps = deps;
	}

	get visible(): boolean {
		return this.phase !== 'none' && !this.dismissed;
	}

	/** A new worker has installed and is waiting for this page to let go. */
	waiting(): void {
		if (this.phase !== 'none') return;
		this.phase = 'ready';
		this.dismissed = false;
	}

	/** The user pressed Reload. */
	async apply(): Promise<void> {
		const phase = this.phase;
		if (phase !== 'ready' && phase !== 'updated-elsewhere') return;
		this.#requested = true;
		await this.#whenNoReply();
		if (phase === 'updated-elsewhere') {
			this.#deps.reload();
			return;
		}
		this.phase = 'activating';
		this.#deps.skipWaiting();
	}

	/**
	 * The page's controlling worker changed. `replacedController` is false when the page
	 * had none before (the first install claiming it), which needs no reload.
	 */
	async controllerChanged(replacedController: boolean): Promise<void> {
		if (this.#requested) {
			await this.#whenNoReply();
			this.#deps.reload();
		} else if (replacedController) {
			this.phase = 'updated-elsewhere';
			this.dismissed = false;
		}
	}

	dismiss(): void {
		this.dismissed = true;
	}

	async #whenNoReply(): Promise<void> {
		if (!(await this.#deps.replyStreaming())) return;
		const phase = this.phase;
		this.phase = 'waiting-for-reply';
		await this.#deps.repliesSettled();
		this.phase = phase;
	}
}
