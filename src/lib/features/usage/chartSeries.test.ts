import { describe, expect, it } from 'vitest';
import { chartSpecs, summarize } from './chartSeries.ts';
import { formatBytes, formatCount } from './usageFormat.ts';

const days = [
	{ day: '2026-03-04', messages: 2, apiCalls: 40, inputTokens: 10, outputTokens: 30, storageBytes: 0 },
	{ day: '2026-03-05', messages: 12, apiCalls: 7, inputTokens: 100, outputTokens: 300, storageBytes: 2048 },
	{ day: '2026-03-06', messages: 0, apiCalls: 0, inputTokens: 0, outputTokens: 0, storageBytes: 2048 }
];

describe('usage chart series', () => {
	const specs = chartSpecs(days, { count: formatCount, bytes: formatBytes });

	it('splits the daily usage into four charts: messages and API calls apart', () => {
		expect(specs.messages.series[0]?.values).toEqual([2, 12, 0]);
		expect(specs.apiCalls.series[0]?.values).toEqual([40, 7, 0]);
		expect(specs.tokens.series.map((s) => s.values)).toEqual([
			[10, 100, 0],
			[30, 300, 0]
		]);
		expect(specs.storage.series[0]?.values).toEqual([0, 2048, 2048]);
		expect([specs.messages.title, specs.apiCalls.title, specs.tokens.title, specs.storage.title]).toEqual([
			'Messages per day',
			'API calls per day',
			'Tokens per day',
			'Storage held by the server'
		]);
	});

	it('summarizes each chart in one sentence for screen readers', () => {
		expect(summarize(specs.messages)).toBe('Messages: 14 in total; most on Mar 5 (12), over 3 days.');
		expect(summarize(specs.apiCalls)).toBe('API calls: 47 in total; most on Mar 4 (40), over 3 days.');
		expect(summarize(specs.storage, 'last')).toBe('Storage: 2.0 KB now, over 3 days.');
		const quiet = chartSpecs(days.map((d) => ({ ...d, messages: 0 })), { count: formatCount, bytes: formatBytes });
		expect(summarize(quiet.messages)).toBe('Messages: 0 in total, over 3 days.');
	});
});
