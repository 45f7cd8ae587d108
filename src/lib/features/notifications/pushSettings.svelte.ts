// Settings → Notifications for this device: whether the browser can do push, whether the
// server sends it, the permission, this device's subscription and the kinds it wants. The
// kinds are kept with the subscription at the server; this device remembers its choice
// (settings `push.kinds`) to show it offline and to subscribe again with it.
import type { AtriumDatabase } from '$lib/db/database.ts';
import { PUSH_KINDS, pushKindSchema, type PushKind } from '$lib/protocol/push.ts';
import { AccountError } from '../account/accountCall.ts';
import { applicationServerKey, pushApi } from './pushApi.ts';

const KINDS_KEY = 'push.kinds';

export type PushAvailability = 'loading' | 'unsupported' | 'not-configured' | 'denied' | 'off' | 'on';

export class PushSettings {
	availability = $state<PushAvailability>('loading');
	kinds = $state<PushKind[]>([...PUSH_KINDS]);
	busy = $state(false);
	problem = $state<string | null>(null);
	#publicKey: string | null = null;
	readonly #db: AtriumDatabase;

	constructor(db: AtriumDatabase) {
		this.#db = db;
	}

	async load(): Promise<void> {
		if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
			this.availability = 'unsupported';
			return;
		}
		const stored = await this.#db.settings.get(KINDS_KEY);
		const parsed = pushKindSchema.array().safeParse(stored?.value);
		if (parsed.success) this.kinds = parsed.data;
		try {
			this.#publicKey = await pushApi.publicKey();
		} catch (error) {
			this.problem = describe(error);
		}
		if (!this.#publicKey) {
			this.availability = this.problem ? 'off' : 'not-configured';
			return;
		}
		if (Notification.permission === 'denied') {
			this.availability = 'denied';
			return;
		}
		this.availability = (await this.#subscription()) ? 'on' : 'off';
	}

	/** This device's subscription; null too while no worker is registered yet (`ready` would wait for one). */
	async #subscription(): Promise<PushSubscription | null> {
		const registration = await navigator.serviceWorker.getRegistration();
		return (await registration?.pushManager.getSubscription()) ?? null;
	}

	/** Asks permission, subscribes this device and registers it (signed in) with the kinds chosen. */
	async enable(): Promise<boolean> {
		return this.#run(async () => {
			if (!this.#publicKey) throw new AccountError('unavailable', 'This server does not send notifications.');
			if ((await Notification.requestPermission()) !== 'granted') {
				this.availability = Notification.permission === 'denied' ? 'denied' : 'off';
				throw new AccountError('forbidden', 'Notifications were not allowed. Allow them for this site in the browser to turn them on.');
			}
			const registration = await navigator.serviceWorker.ready;
			const subscription =
				(await registration.pushManager.getSubscription()) ??
				(await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(this.#publicKey) }));
			try {
				await pushApi.save(subscription.toJSON(), this.kinds);
			} catch (error) {
				// Not registered with the server: do not leave a subscription nobody sends to.
				await subscription.unsubscribe().catch(() => undefined);
				throw error;
			}
			this.availability = 'on';
		});
	}

	/** Withdraws this device at the server and in the browser. */
	async disable(): Promise<boolean> {
		return this.#run(async () => {
			const subscription = await this.#subscription();
			if (subscription) {
				await pushApi.remove(subscription.endpoint).catch((error: unknown) => {
					// Already gone at the server is what we want.
					if (!(error instanceof AccountError && error.code === 'not_found')) throw error;
				});
				await subscription.unsubscribe();
			}
			this.availability = 'off';
		});
	}

	/** Turns one kind on or off; a subscribed device tells the server at once. */
	async toggleKind(kind: PushKind, wanted: boolean): Promise<void> {
		const previous = this.kinds;
		this.kinds = PUSH_KINDS.filter((k) => (k === kind ? wanted : previous.includes(k)));
		const saved = await this.#run(async () => {
			const subscription = this.availability === 'on' ? await this.#subscription() : null;
			if (subscription) await pushApi.save(subscription.toJSON(), this.kinds);
			await this.#db.settings.put({ key: KINDS_KEY, value: $state.snapshot(this.kinds) });
		});
		if (!saved) this.kinds = previous;
	}

	/** Runs a change; a failure becomes `problem` and the result false. */
	async #run(work: () => Promise<void>): Promise<boolean> {
		this.busy = true;
		this.problem = null;
		try {
			await work();
			return true;
		} catch (error) {
			this.problem = describe(error);
			return false;
		} finally {
			this.busy = false;
		}
	}
}

function describe(error: unknown): string {
	if (error instanceof AccountError) {
		return error.code === 'unauthorized' ? 'Sign in to get notifications on this device.' : error.message;
	}
	if (error instanceof DOMException && error.name === 'AbortError') {
		return 'The browser’s push service could not be reached. Check the connection and try again.';
	}
	return error instanceof Error ? error.message : String(error);
}
