// The time or day shown on each conversation row ("14:05" today, "Nov 3" before).
// Building the first Intl formatter of a page starts ICU for its locale: 26–80 ms on the
// test machine, in whichever task asks first (38 ms inside the task that showed a new
// chat's first row while its reply streamed, decision 0040). So the formatters are built in
// a task of their own, the first time a row asks, and rows show their date from the next
// task; building them sooner would be start-up work for a list that may never show a row.

interface Formats {
	day: Intl.DateTimeFormat;
	time: Intl.DateTimeFormat;
}

export class RowDates {
	#formats = $state.raw<Formats | null>(null);
	#asked = false;
	readonly #later: (build: () => void) => void;

	/** `later` runs the build in another task (a test may run it when it likes). */
	constructor(later: (build: () => void) => void = (build) => setTimeout(build, 0)) {
		this.#later = later;
	}

	/** The row's label for `ms`, or '' until the formatters are built (asked for on the first call). */
	label(ms: number, now: number = Date.now()): string {
		const formats = this.#formats;
		if (!formats) {
			this.#ask();
			return '';
		}
		return sameDay(ms, now) ? formats.time.format(ms) : formats.day.format(ms);
	}

	#ask(): void {
		if (this.#asked) return;
		this.#asked = true;
		this.#later(() => {
			this.#formats = {
				day: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }),
				time: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
			};
		});
	}
}

function sameDay(a: number, b: number): boolean {
	return new Date(a).toDateString() === new Date(b).toDateString();
}

/** Shared by every row: building a formatter costs far more than using one. */
export const rowDates = new RowDates();
