// Number and time formatting for the usage dashboard and admin pages.

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** `1536` → `1.5 KB` (powers of 1024, one decimal below 10). */
export function formatBytes(bytes: number): string {
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 10 ? 0 : 1;
	return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

const integer = new Intl.NumberFormat('en-US');

/** `12345` → `12,345`. */
export function formatCount(n: number): string {
	return integer.format(n);
}

/** `2026-03-05` → `Mar 5` (the day is UTC, and so is its label). */
export function formatDay(day: string): string {
	return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** How long from `now` until `iso`, as "3 h 12 min" or "45 min". */
export function formatUntil(iso: string, now = Date.now()): string {
	const minutes = Math.max(0, Math.ceil((new Date(iso).getTime() - now) / 60_000));
	const hours = Math.floor(minutes / 60);
	return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

/** Seconds since the epoch for a UTC day, the x values uPlot expects. */
export function dayToSeconds(day: string): number {
	return Date.parse(`${day}T00:00:00Z`) / 1000;
}
