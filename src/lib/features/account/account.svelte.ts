// Who this tab is signed in as. The server is asked on start and after every account
// action; the last answer is remembered in localStorage so the sidebar shows the right
// thing offline and before the first answer arrives.
import type { AccountUser } from '$lib/protocol/auth.ts';
import { fetchMe } from './accountCall.ts';

const STORAGE_KEY = 'atrium.account';

export class AccountState {
	user = $state<AccountUser | null>(null);
	/** The server has answered at least once since the tab opened. */
	confirmed = $state(false);
	/** The password step is done in this browser; a second-factor code is still due. */
	twoFactorPending = $state(false);

	constructor() {
		this.user = remembered();
	}

	/** Asks the server; offline, the remembered user stays. */
	async refresh(): Promise<void> {
		try {
			const me = await fetchMe();
			this.set(me.user, me.twoFactorPending);
		} catch {
			// Offline or the server is down: what we knew still holds.
		}
	}

	set(user: AccountUser | null, twoFactorPending = false): void {
		this.user = user;
		this.twoFactorPending = user === null && twoFactorPending;
		this.confirmed = true;
		try {
			if (user) localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
			else localStorage.removeItem(STORAGE_KEY);
		} catch {
			// Storage may be unavailable (private mode); the state above still holds.
		}
	}
}

function remembered(): AccountUser | null {
	try {
		const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
		return raw ? (JSON.parse(raw) as AccountUser) : null;
	} catch {
		return null;
	}
}

let instance: AccountState | undefined;

/** The tab's account state, created on first use. */
export function account(): AccountState {
	instance ??= new AccountState();
	return instance;
}
