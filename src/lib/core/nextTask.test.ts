import { describe, expect, it, vi } from 'vitest';
import { afterOpening, inNextTask, nextTask } from './nextTask.ts';

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

describe('inNextTask', () => {
	it('runs the starts asked for in one task together, after that task, in order', async () => {
		const steps: string[] = [];
		inNextTask(() => void steps.push('first start'));
		inNextTask(() => void steps.push('second start'));
		steps.push('rest of the task');
		await Promise.resolve();
		expect(steps).toEqual(['rest of the task']);
		await nextTask();
		expect(steps).toEqual(['rest of the task', 'first start', 'second start']);
	});

	it('cancels a start that has not run, and stops one that has', async () => {
		const steps: string[] = [];
		const cancel = inNextTask(() => void steps.push('cancelled start'));
		const stop = inNextTask(() => {
			steps.push('started');
			return () => steps.push('stopped');
		});
		cancel();
		await nextTask();
		stop();
		cancel();
		expect(steps).toEqual(['started', 'stopped']);
	});

	it('a start that throws is logged and the others still run', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const steps: string[] = [];
		inNextTask(() => {
			throw new Error('broken');
		});
		inNextTask(() => void steps.push('other start'));
		await nextTask();
		expect(steps).toEqual(['other start']);
		expect(logged).toHaveBeenCalledWith('A start-up task failed:', expect.objectContaining({ message: 'broken' }));
		logged.mockRestore();
	});

	it('a start asked for while the batch runs goes to a task after it', async () => {
		const steps: string[] = [];
		inNextTask(() => {
			steps.push('outer');
			inNextTask(() => void steps.push('inner'));
		});
		await nextTask();
		expect(steps).toEqual(['outer']);
		await nextTask();
		expect(steps).toEqual(['outer', 'inner']);
	});
});
