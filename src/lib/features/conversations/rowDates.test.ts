import { describe, expect, it } from 'vitest';
import { RowDates } from './rowDates.svelte.ts';

/** A RowDates whose build runs when the test says, and how many times it was asked. */
function manual() {
	const builds: (() => void)[] = [];
	const dates = new RowDates((build) => builds.push(build));
	return { dates, builds };
}

const NOW = new Date(2026, 10, 27, 14, 5).getTime();

describe('RowDates', () => {
	it('shows nothing until its formatters are built in a later task, and asks once', () => {
		const { dates, builds } = manual();
		expect(dates.label(NOW, NOW)).toBe('');
		expect(dates.label(NOW - 86_400_000, NOW)).toBe('');
		expect(builds).toHaveLength(1);
		builds[0]!();
		expect(dates.label(NOW, NOW)).not.toBe('');
		expect(builds).toHaveLength(1);
	});

	it("labels today's rows with the time and older ones with the day", () => {
		const { dates, builds } = manual();
		dates.label(0, NOW);
		builds[0]!();
		const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
		const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
		const earlierToday = new Date(2026, 10, 27, 0, 1);
		const yesterday = new Date(2026, 10, 26, 23, 59);
		expect(dates.label(earlierToday.getTime(), NOW)).toBe(time.format(earlierToday));
		expect(dates.label(yesterday.getTime(), NOW)).toBe(day.format(yesterday));
		expect(time.format(earlierToday)).not.toBe(day.format(earlierToday));
	});

	it('builds in a task of its own by default', async () => {
		const dates = new RowDates();
		expect(dates.label(NOW, NOW)).toBe('');
		await Promise.resolve();
		expect(dates.label(NOW, NOW)).toBe('');
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(dates.label(NOW, NOW)).not.toBe('');
	});
});
