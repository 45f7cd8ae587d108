import { describe, expect, it } from 'vitest';
import { AppUpdate } from './appUpdate.svelte.ts';

/** A fake world: records what the flow did, with a reply that streams until `finish()`. */
function harness({ streaming = false } = {}) {
	const calls: string[] = [];
	let finish = () => {};
	let settled = Promise.resolve();
	if (streaming) settled = new Promise<void>((resolve) => (finish = resolve));
	let busy = streaming;
	const update = new AppUpdate({
		skipWaiting: () => calls.push('skipWaiting'),
		reload: () => calls.push('reload'),
		replyStreaming: async () => busy,
		repliesSettled: () =>
			settled.then(() => {
				busy = false;
			})
	});
	return { update, calls, finish: () => finish() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('AppUpdate', () => {
	it('offers the new version once a worker waits, and hides on Later', () => {
		const { update } = harness();
		expect(update.visible).toBe(false);
		update.waiting();
		expect(update.phase).toBe('ready');
		expect(update.visible).toBe(true);
		update.dismiss();
		expect(update.visible).toBe(false);
	});

	it('Reload asks the waiting worker to take over, then reloads once it controls', async () => {
		const { update, calls } = harness();
		update.waiting();
		await update.apply();
		expect(update.phase).toBe('activating');
		expect(calls).toEqual(['skipWaiting']);
		await update.controllerChanged(true);
		expect(calls).toEqual(['skipWaiting', 'reload']);
	});

	it('never reloads under a streaming reply: Reload waits for it and says so', async () => {
		const { update, calls, finish } = harness({ streaming: true });
		update.waiting();
		const applying = update.apply();
		await tick();
		expect(update.phase).toBe('waiting-for-reply');
		expect(calls).toEqual([]);
		finish();
		await applying;
		expect(update.phase).toBe('activating');
		expect(calls).toEqual(['skipWaiting']);
	});

	it('a press while waiting does nothing twice', async () => {
		const { update, calls, finish } = harness({ streaming: true });
		update.waiting();
		const first = update.apply();
		await tick();
		await update.apply();
		finish();
		await first;
		expect(calls).toEqual(['skipWaiting']);
	});

	it('does not reload when the first worker claims the page', async () => {
		const { update, calls } = harness();
		await update.controllerChanged(false);
		expect(calls).toEqual([]);
		expect(update.phase).toBe('none');
	});

	it('tells this tab when another tab switched versions, and reloads only when asked', async () => {
		const { update, calls } = harness();
		update.waiting();
		await update.controllerChanged(true);
		expect(update.phase).toBe('updated-elsewhere');
		expect(calls).toEqual([]);
		await update.apply();
		expect(calls).toEqual(['reload']);
	});

	it('reloads after a requested take-over even on a page that had no controller (hard reload)', async () => {
		const { update, calls } = harness();
		update.waiting();
		await update.apply();
		await update.controllerChanged(false);
		expect(calls).toEqual(['skipWaiting', 'reload']);
	});
});
