// The on-demand check: plain answers pass without loading the schema, every other answer
// waits for it and is judged by it, and a schema that cannot load rejects.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { checkAnswer, schemaOnDemand } from './checkOnDemand.ts';

const pointSchema = z.object({ x: z.number(), label: z.nullable(z.string()) });

function counted() {
	const loads = { count: 0 };
	const schema = schemaOnDemand(
		async () => {
			loads.count++;
			return pointSchema;
		},
		(data) => (data === 'origin' ? { x: 0, label: null } : undefined)
	);
	return { loads, schema };
}

describe('checkAnswer', () => {
	it('checks with a loaded schema at once', async () => {
		expect(await checkAnswer({ x: 1, label: 'a', extra: true }, pointSchema)).toEqual({ success: true, data: { x: 1, label: 'a' } });
		expect(await checkAnswer({ x: '1', label: 'a' }, pointSchema)).toMatchObject({ success: false });
	});

	it('passes a plain answer without loading the schema', async () => {
		const { loads, schema } = counted();
		expect(await checkAnswer('origin', schema)).toEqual({ success: true, data: { x: 0, label: null } });
		expect(loads.count).toBe(0);
	});

	it('loads the schema for any other answer, and it decides', async () => {
		const { loads, schema } = counted();
		expect(await checkAnswer({ x: 2, label: null }, schema)).toEqual({ success: true, data: { x: 2, label: null } });
		expect(await checkAnswer({ x: 2 }, schema)).toMatchObject({ success: false });
		expect(await checkAnswer(null, schema)).toMatchObject({ success: false });
		expect(loads.count).toBe(3);
	});

	it('rejects when the schema cannot load', async () => {
		const schema = schemaOnDemand<{ x: number }>(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
		await expect(checkAnswer({ x: 1 }, schema)).rejects.toThrow('Failed to fetch dynamically imported module');
	});
});
