// The usage dashboard's data: the chosen range, the last answer, and loading/error state.
import { usageResponseSchema, type UsageResponse } from '$lib/protocol/usage.ts';
import { AccountError, call } from '../account/accountCall.ts';

export const RANGES = [7, 30, 90] as const;
export type Range = (typeof RANGES)[number];

export class UsageState {
	days = $state<Range>(30);
	data = $state<UsageResponse | null>(null);
	loading = $state(false);
	error = $state('');
	/** The server says nobody is signed in (or the session ended). */
	signedOut = $state(false);
	#request = 0;

	/** True when the range holds no messages, API calls, tokens or storage at all. */
	get empty(): boolean {
		return (
			this.data !== null &&
			this.data.days.every((d) => d.messages === 0 && d.apiCalls === 0 && d.inputTokens === 0 && d.outputTokens === 0 && d.storageBytes === 0)
		);
	}

	async load(days: Range = this.days): Promise<void> {
		this.days = days;
		const request = ++this.#request;
		this.loading = true;
		this.error = '';
		try {
			const data = await call(`/api/usage?days=${days}`, {}, usageResponseSchema);
			if (request === this.#request) this.data = data;
		} catch (error) {
			if (request !== this.#request) return;
			this.signedOut = error instanceof AccountError && error.code === 'unauthorized';
			this.error = error instanceof Error ? error.message : String(error);
		} finally {
			if (request === this.#request) this.loading = false;
		}
	}
}
