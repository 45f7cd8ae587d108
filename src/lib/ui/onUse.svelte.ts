// Code that loads when it is used or shown (decision 0030): loaded once per tab, kept for
// every later use; a failed load is forgotten, so Try again loads it anew. `value`,
// `loading` and `error` are reactive for the components that show the part.
export class OnUse<T> {
	value = $state.raw<T | null>(null);
	loading = $state(false);
	error = $state<string | null>(null);
	readonly #load: () => Promise<T>;
	#pending: Promise<T> | undefined;

	constructor(load: () => Promise<T>) {
		this.#load = load;
	}

	/** Starts the load (once) and resolves with the module; rejects after setting `error`. */
	load(): Promise<T> {
		if (this.#pending) return this.#pending;
		this.error = null;
		this.loading = true;
		this.#pending = this.#load().then(
			(module) => {
				this.loading = false;
				return (this.value = module);
			},
			(failure: unknown) => {
				this.#pending = undefined;
				this.loading = false;
				this.error = failure instanceof Error ? failure.message : String(failure);
				throw failure;
			}
		);
		return this.#pending;
	}
}
