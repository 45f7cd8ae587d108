import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Undoable } from './undoable.svelte.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Undoable', () => {
	it('commits when the window closes without Undo', async () => {
		const slot = new Undoable(5_000);
		const commit = vi.fn();
		const undo = vi.fn();
		await slot.offer({ message: 'Deleted', undo, commit });
		expect(slot.current?.message).toBe('Deleted');
		await vi.advanceTimersByTimeAsync(4_999);
		expect(commit).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(1);
		expect(commit).toHaveBeenCalledOnce();
		expect(undo).not.toHaveBeenCalled();
		expect(slot.current).toBeNull();
	});

	it('undoes instead of committing, and never commits later', async () => {
		const slot = new Undoable(5_000);
		const commit = vi.fn();
		const undo = vi.fn();
		await slot.offer({ message: 'Deleted', undo, commit });
		await slot.undo();
		await vi.advanceTimersByTimeAsync(10_000);
		expect(undo).toHaveBeenCalledOnce();
		expect(commit).not.toHaveBeenCalled();
	});

	it('commits the pending action when a new one comes', async () => {
		const slot = new Undoable(5_000);
		const first = vi.fn();
		await slot.offer({ message: 'one', undo: vi.fn(), commit: first });
		await slot.offer({ message: 'two', undo: vi.fn() });
		expect(first).toHaveBeenCalledOnce();
		expect(slot.current?.message).toBe('two');
	});

	it('says so when undoing fails', async () => {
		const slot = new Undoable(5_000);
		await slot.offer({
			message: 'Archived',
			undo: () => {
				throw new Error('database closed');
			}
		});
		await slot.undo();
		expect(slot.error).toBe('Could not undo: database closed');
	});
});
