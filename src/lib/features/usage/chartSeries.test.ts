import { describe, expect, it } from 'vitest';
import { chartSpecs, summarize } from './chartSeries.ts';
import { formatBytes, formatCount } from './usageFormat.ts';

const days = [
	{ day: '2026-03-04', requests: 2, inputTokens: 10, outputTokens: 30, storageBytes: 0 },
	{ day: '2026-03-05', requests: 12, inputTokens: 100, outputTokens: 300, storageBytes: 2048 },
	{ day: '2026-03-06', requests: 0, inputTokens: 0, outputTokens: 0, storageBytes: 2048 }
];

describe('usage chart series', () => {
	const specs = chartSpecs(days, { count: formatCount, bytes: formatBytes });

	it('splits the daily usage into the three charts', () => {
		expect(specs.requests.series[0]?.values).toEqual([2, 12, 0]);
		expect(specs.tokens.series.map((s) => s.values)).toEqual([
			[10, 100, 0],
			[30, 300, 0]
		]);
		expect(specs.storage.series[0]?.values).toEqual([0, 2048, 2048]);
	});

	it('summarizes each chart in one sentence for screen readers', () => {
		expect(summarize(specs.requests)).toBe('Requests: 14 in total; most on Mar 5 (12), over 3 days.');
		expect(summarize(specs.storage, 'last')).toBe('Storage: 2.0 KB now, over 3 days.');
		const quiet = chartSpecs(days.map((d) => ({ ...d, requests: 0 })), { count: formatCount, bytes: formatBytes });
		expect(summarize(quiet.requests)).toBe('Requests: 0 in total, over 3 days.');
	});
});
