import { describe, expect, it } from 'vitest';
import { isTerminalJobStatus, jobSchema, jobStatusSchema } from './jobs.ts';

const job = {
	id: '4b0e3c1e-8a44-4c39-9f5e-0f6c4f5d2a10',
	kind: 'comfyui',
	status: 'running',
	spec: { prompt: 'a lighthouse', steps: 20, seed: null },
	result: null,
	error: null,
	progress: 0.25,
	createdAt: '2026-01-01T00:00:00.000Z',
	updatedAt: '2026-01-01T00:00:01.000Z'
};

describe('jobSchema', () => {
	it('accepts a well-formed job', () => {
		expect(jobSchema.parse(job)).toEqual(job);
	});

	it.each([
		['progress above 1', { progress: 1.5 }],
		['an unknown kind', { kind: 'teleport' }],
		['a spec that is not an object', { spec: [1, 2] }],
		['a non-uuid id', { id: 'job-1' }],
		['a local time', { createdAt: '2026-01-01 00:00' }]
	])('rejects %s', (_label, change) => {
		expect(jobSchema.safeParse({ ...job, ...change }).success).toBe(false);
	});
});

describe('isTerminalJobStatus', () => {
	it('is true exactly for succeeded, failed and cancelled', () => {
		expect(jobStatusSchema.options.filter(isTerminalJobStatus)).toEqual(['succeeded', 'failed', 'cancelled']);
	});
});
