// What the account page's settings share: the connected providers and whether the account
// has a password (which decides what confirms a change), loaded once per visit.
import type { LinkedAccountsResponse } from '$lib/protocol/oauth.ts';
import { AccountError } from './accountCall.ts';
import { account } from './account.svelte.ts';
import { settingsApi } from './settingsApi.ts';
import { Submission } from './submission.svelte.ts';

export class AccountSettings {
	linked = $state<LinkedAccountsResponse | null>(null);
	readonly loading = new Submission();

	async load(): Promise<void> {
		const linked = await this.loading.run(() => settingsApi.linkedAccounts().catch(signedOutOn401));
		if (linked) this.linked = linked;
	}
}

/** A 401 means this device's session ended elsewhere: show the signed-out page. */
export function signedOutOn401(error: unknown): never {
	if (error instanceof AccountError && error.code === 'unauthorized') account().set(null);
	throw error;
}
