import { describe, expect, it } from 'vitest';
import { dayToSeconds, formatBytes, formatCount, formatDay, formatUntil } from './usageFormat.ts';

describe('usage formatting', () => {
	it('formats bytes in powers of 1024', () => {
		expect(formatBytes(0)).toBe('0 B');
		expect(formatBytes(1023)).toBe('1023 B');
		expect(formatBytes(1536)).toBe('1.5 KB');
		expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
		expect(formatBytes(3 * 1024 ** 5)).toBe('3072 TB');
	});

	it('formats counts, UTC days and waits', () => {
		expect(formatCount(1234567)).toBe('1,234,567');
		expect(formatDay('2026-03-05')).toBe('Mar 5');
		const now = Date.parse('2026-03-05T20:48:00Z');
		expect(formatUntil('2026-03-06T00:00:00.000Z', now)).toBe('3 h 12 min');
		expect(formatUntil('2026-03-05T21:00:00.000Z', now)).toBe('12 min');
		expect(dayToSeconds('1970-01-02')).toBe(86_400);
	});
});
