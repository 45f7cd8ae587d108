// What makes Atrium behave like an installed app: the service worker and its update flow,
// the install offer, the connectivity status and the request for persistent storage. One
// instance per tab, started by the root layout.
import { liveQuery } from 'dexie';
import type { AtriumDatabase } from '../../db/database.ts';
import { liveStreamIds, repliesSettled } from '../chat/streamLocks.ts';
import { AppUpdate } from './appUpdate.svelte.ts';
import { Connectivity } from './connectivity.svelte.ts';
import { InstallOffer } from './installOffer.svelte.ts';
import type { ServiceWorkerHandle } from './serviceWorker.ts';
import { workspace } from '../workspace.svelte.ts';
import { whenIdle } from '../layout/whenIdle.ts';

export class Pwa {
	readonly update: AppUpdate;
	readonly install: InstallOffer;
	readonly connectivity = new Connectivity();
	readonly #db: AtriumDatabase;
	#worker: ServiceWorkerHandle | null = null;

	constructor(db: AtriumDatabase) {
		this.#db = db;
		this.install = new InstallOffer(db);
		this.update = new AppUpdate({
			skipWaiting: () => this.#worker?.skipWaiting(),
			reload: () => location.reload(),
			replyStreaming: async () => (await liveStreamIds()).size > 0,
			repliesSettled
		});
	}

	/** Starts everything; returns a function that stops listening. */
	start({ dev = false }: { dev?: boolean } = {}): () => void {
		// The send queue's delivery loads only when a message waits (sendQueueOnDemand.ts).
		const stops = [this.install.start(), this.connectivity.start(), workspace().queue.start()];
		// The worker (and workbox-window) is nothing the first screen needs: it registers
		// once the page has loaded and the main thread is idle.
		let stopped = false;
		stops.push(
			whenIdle(() => {
				void import('./serviceWorker.ts').then(({ registerServiceWorker }) => {
					if (stopped) return;
					this.#worker = registerServiceWorker({
						dev,
						onWaiting: () => this.update.waiting(),
						onControllerChange: (replaced) => void this.update.controllerChanged(replaced)
					});
				});
			})
		);
		stops.push(() => {
			stopped = true;
			this.#worker?.stop();
		});
		stops.push(this.#whenFirstConversation(() => {
			this.install.engaged = true;
			// Loaded here: a first visit has nothing to keep yet. Nothing to show if it fails;
			// the next start asks again.
			void import('./storageStatus.ts')
				.then(({ askPersistenceOnce }) => askPersistenceOnce(this.#db))
				.catch((error: unknown) => console.warn('Could not ask for persistent storage:', error));
		}));
		return () => stops.forEach((stop) => stop());
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
