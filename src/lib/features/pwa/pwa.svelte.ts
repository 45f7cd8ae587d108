// What makes Atrium behave like an installed app: the service worker and its update flow,
// the install prompt, the connectivity status and the request for persistent storage. One
// instance per tab, started by the root layout. What only an update needs (workbox-window,
// the toast) loads when there is one, the install offer when it can show (decision 0035).
import { liveQuery } from 'dexie';
import type { AtriumDatabase } from '../../db/database.ts';
import { OnUse } from '../../ui/onUse.svelte.ts';
import { whenIdle } from '../layout/whenIdle.ts';
import { workspace } from '../workspace.svelte.ts';
import { Connectivity } from './connectivity.svelte.ts';
import { InstallPrompt } from './installPrompt.svelte.ts';
import { askPersistenceOnce } from './persistence.ts';
import { registerServiceWorker, workerScript, type WorkerScript } from './serviceWorker.ts';
import type { UpdateFlow } from './updateFlow.ts';

export class Pwa {
	/** workbox-window, the update's state and its toast: loaded once a new worker waits. */
	readonly update: OnUse<UpdateFlow>;
	/** The browser's install prompt, held for the offer (InstallButton.svelte). */
	readonly install = new InstallPrompt();
	readonly connectivity = new Connectivity();
	readonly #db: AtriumDatabase;
	#script: WorkerScript = workerScript(false);

	constructor(db: AtriumDatabase) {
		this.#db = db;
		this.update = new OnUse(async () => (await import('./updateFlow.ts')).startUpdateFlow(this.#script));
	}

	/** Starts everything; returns a function that stops listening. */
	start({ dev = false }: { dev?: boolean } = {}): () => void {
		this.#script = workerScript(dev);
		// The send queue's delivery loads only when a message waits (sendQueueOnDemand.ts).
		const stops = [this.install.start(), this.connectivity.start(), workspace().queue.start()];
		// Registering is nothing the first screen needs: it waits until the page has loaded
		// and the main thread is idle.
		let stopWorker: (() => void) | undefined;
		stops.push(
			whenIdle(() => {
				stopWorker = registerServiceWorker(this.#script, {
					onWaiting: () => this.#withUpdate((update) => update.waiting()),
					// The first worker claiming the page needs nothing from the flow.
					onControllerChange: (replaced) => {
						if (replaced) this.#withUpdate((update) => void update.controllerChanged(replaced));
					}
				});
			}),
			() => stopWorker?.()
		);
		stops.push(
			this.#whenFirstConversation(() => {
				this.install.engaged = true;
				// Nothing to show if it fails; the next start asks again.
				stops.push(
					whenIdle(() => {
						askPersistenceOnce(this.#db).catch((error: unknown) => console.warn('Could not ask for persistent storage:', error));
					})
				);
			})
		);
		return () => stops.forEach((stop) => stop());
	}

	/**
	 * Loads the update flow, then acts. A failed load shows nothing (there is nothing to offer
	 * without it) and is forgotten: the worker still waits, and the next check reports it again.
	 */
	#withUpdate(act: (update: UpdateFlow['update']) => void): void {
		this.update.load().then(
			({ update }) => act(update),
			(error: unknown) => console.warn('Could not load the update flow:', error)
		);
	}

	/** Calls `then` once a conversation is stored (at once if one already is). */
	#whenFirstConversation(then: () => void): () => void {
		let done = false;
		const subscription = liveQuery(() => this.#db.conversations.limit(1).count()).subscribe({
			next: (count) => {
				if (count === 0 || done) return;
				done = true;
				then();
				// Unsubscribing inside `next` can run before `subscribe` returns.
				queueMicrotask(() => subscription.unsubscribe());
			},
			error: () => undefined
		});
		return () => subscription.unsubscribe();
	}
}

let instance: Pwa | undefined;

export function pwa(db: AtriumDatabase): Pwa {
	instance ??= new Pwa(db);
	return instance;
}
