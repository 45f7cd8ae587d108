// One form submission at a time, with its busy flag and the error to show. The form's
// values live in the form itself and are never cleared here, so an error loses nothing.
import { failureMessage } from './accountCall.ts';

export class Submission {
	busy = $state(false);
	error = $state('');

	/** Runs `work` unless one is already running; undefined when it failed (see `error`). */
	async run<T>(work: () => Promise<T>): Promise<T | undefined> {
		if (this.busy) return undefined;
		this.busy = true;
		this.error = '';
		try {
			return await work();
		} catch (error) {
			this.error = failureMessage(error);
			return undefined;
		} finally {
			this.busy = false;
		}
	}
}
