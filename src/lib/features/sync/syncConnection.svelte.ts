// Runs sync for whoever is signed in: one Syncer per account, started when a user signs
// in (or the app opens signed in), stopped on sign-out or when another account signs in.
import type { AtriumDatabase } from '$lib/db/database.ts';
import { setActiveSyncer, Syncer } from '$lib/sync/syncer.svelte.ts';

export class SyncConnection {
	syncer = $state<Syncer | null>(null);
	#userId: string | null = null;
	readonly #db: AtriumDatabase;
	readonly #onApplied: (conversationIds: string[]) => void;

	constructor(db: AtriumDatabase, onApplied: (conversationIds: string[]) => void) {
		this.#db = db;
		this.#onApplied = onApplied;
	}

	/** Follows the signed-in user (null when signed out). */
	follow(userId: string | null): void {
		if (userId === this.#userId) return;
		this.stop();
		this.#userId = userId;
		if (userId === null) return;
		const syncer = new Syncer({ db: this.#db, userId, onApplied: this.#onApplied });
		this.syncer = syncer;
		setActiveSyncer(syncer);
		syncer.start().catch((error: unknown) => {
			syncer.status = 'error';
			syncer.message = `Sync could not start: ${error instanceof Error ? error.message : String(error)}`;
		});
	}

	stop(): void {
		this.syncer?.stop();
		this.syncer = null;
		this.#userId = null;
		setActiveSyncer(null);
	}
}
