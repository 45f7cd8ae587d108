// What the account page's settings share: the connected providers and whether the account
// has a password (which decides what confirms a change), loaded once per visit, and the
// submissions that turn the page to its signed-out view when the session has ended.
import type { LinkedAccountsResponse } from '$lib/protocol/oauth.ts';
import { AccountError } from './accountCall.ts';
import { account } from './account.svelte.ts';
import { settingsApi } from './settingsApi.ts';
import { Submission } from './submission.svelte.ts';

export class AccountSettings {
	linked = $state<LinkedAccountsResponse | null>(null);
	readonly loading = new SignedInSubmission();

	async load(): Promise<void> {
		const linked = await this.loading.run(() => settingsApi.linkedAccounts());
		if (linked) this.linked = linked;
	}
}

/**
 * A 401 means this device's session ended elsewhere: show the signed-out page. The server
 * is asked again, because a session that now owes a two-factor code (turned on from
 * another device) is answered as such, and the page then asks for the code instead.
 */
export function signedOutOn401(error: unknown): never {
	if (error instanceof AccountError && error.code === 'unauthorized') {
		account().set(null);
		void account().refresh();
	}
	throw error;
}

/**
 * A submission on the account page, where the user is signed in: a 401 there means the
 * session ended elsewhere (revoked, signed out everywhere, password changed), so the page
 * turns to its signed-out view instead of showing the error beside forms that cannot work.
 */
export class SignedInSubmission extends Submission {
	override run<T>(work: () => Promise<T>): Promise<T | undefined> {
		return super.run(() => work().catch(signedOutOn401));
	}
}
