import { describe, expect, it } from 'vitest';
import { afterOpening, nextTask } from './nextTask.ts';

describe('nextTask and afterOpening', () => {
	it('nextTask goes on after a task queued before it, not in the same task', async () => {
		const steps: string[] = [];
		setTimeout(() => steps.push('queued task'), 0);
		await nextTask();
		steps.push('after nextTask');
		expect(steps).toEqual(['queued task', 'after nextTask']);
	});

	it('afterOpening goes on in a task after the open’s own when the database was still opening', async () => {
		const steps: string[] = [];
		let open = false;
		const db = {
			isOpen: () => open,
			open: async () => {
				open = true;
				// What else the open's task starts (the queries that waited for it) ends before the caller goes on.
				setTimeout(() => steps.push('the open’s other work'), 0);
			}
		};
		await afterOpening(db);
		steps.push('caller');
		expect(steps).toEqual(['the open’s other work', 'caller']);
	});

	it('afterOpening goes on at once when the database is open', async () => {
		const steps: string[] = [];
		let opened = 0;
		const db = { isOpen: () => true, open: async () => void opened++ };
		setTimeout(() => steps.push('queued task'), 0);
		await afterOpening(db);
		steps.push('caller');
		expect(steps).toEqual(['caller']);
		expect(opened).toBe(0);
	});
});
