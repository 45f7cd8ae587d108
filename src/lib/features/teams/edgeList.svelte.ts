// A list the teams pages read from the edge: null until the first answer, and the
// failure's message (shown as it is) until a read succeeds. EdgeListView shows its states.
import { failureMessage } from '$lib/features/account/accountCall.ts';

export class EdgeList<T> {
	items = $state<T[] | null>(null);
	error = $state('');
	readonly #read: () => Promise<T[]>;

	constructor(read: () => Promise<T[]>) {
		this.#read = read;
	}

	/** Reads the list (again): a failure replaces the list until the next read succeeds. */
	load = async (): Promise<void> => {
		this.error = '';
		try {
			this.items = await this.#read();
		} catch (error) {
			this.error = failureMessage(error);
		}
	};
}
