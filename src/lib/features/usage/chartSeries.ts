// What a usage chart shows, independent of the drawing library: the series, their kind,
// and the one-sentence summary screen readers get instead of the canvas.
import type { DailyUsage } from '$lib/protocol/usage.ts';
import { formatDay } from './usageFormat.ts';

export interface ChartSeries {
	label: string;
	values: readonly number[];
	/** A CSS custom property holding the colour, e.g. `--accent`. */
	colorVar: string;
}

export interface ChartSpec {
	title: string;
	kind: 'bars' | 'line';
	days: readonly string[];
	series: readonly ChartSeries[];
	format: (value: number) => string;
}

/** "Requests: 42 in total over 30 days; most on Mar 5 (12)." */
export function summarize(spec: ChartSpec, aggregate: 'sum' | 'last' = 'sum'): string {
	const parts = spec.series.map((series) => {
		if (aggregate === 'last') return `${series.label}: ${spec.format(series.values.at(-1) ?? 0)} now`;
		const total = series.values.reduce((a, b) => a + b, 0);
		let peak = 0;
		series.values.forEach((value, i) => {
			if (value > (series.values[peak] ?? 0)) peak = i;
		});
		const most = total > 0 ? `; most on ${formatDay(spec.days[peak] ?? '')} (${spec.format(series.values[peak] ?? 0)})` : '';
		return `${series.label}: ${spec.format(total)} in total${most}`;
	});
	return `${parts.join('. ')}, over ${spec.days.length} days.`;
}

export function chartSpecs(days: readonly DailyUsage[], formatters: { count: (n: number) => string; bytes: (n: number) => string }) {
	const labels = days.map((d) => d.day);
	return {
		messages: {
			title: 'Messages per day',
			kind: 'bars',
			days: labels,
			series: [{ label: 'Messages', values: days.map((d) => d.messages), colorVar: '--accent' }],
			format: formatters.count
		},
		apiCalls: {
			title: 'API calls per day',
			kind: 'bars',
			days: labels,
			series: [{ label: 'API calls', values: days.map((d) => d.apiCalls), colorVar: '--chart-4' }],
			format: formatters.count
		},
		tokens: {
			title: 'Tokens per day',
			kind: 'line',
			days: labels,
			series: [
				{ label: 'Tokens in', values: days.map((d) => d.inputTokens), colorVar: '--accent' },
				{ label: 'Tokens out', values: days.map((d) => d.outputTokens), colorVar: '--chart-2' }
			],
			format: formatters.count
		},
		storage: {
			title: 'Storage held by the server',
			kind: 'line',
			days: labels,
			series: [{ label: 'Storage', values: days.map((d) => d.storageBytes), colorVar: '--chart-3' }],
			format: formatters.bytes
		}
	} satisfies Record<string, ChartSpec>;
}
