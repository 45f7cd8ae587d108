import { describe, expect, it } from 'vitest';
import { EndFollower, INPUT_WINDOW, RESIZE_WINDOW } from './endFollow.ts';

const at = (offset: number) => ({ offset, viewport: 400, height: 2000 });

/** A follower at the end that the reader scrolled up from at t = 20 (input at t = 10), with `upTo` as the view's offset. */
function scrolledUpByReader(upTo: number): EndFollower {
	const follower = new EndFollower();
	follower.scrolled(at(1600), 0);
	follower.input(10);
	follower.scrolled(at(upTo), 20);
	return follower;
}

describe('following the thread end', () => {
	it('keeps following while a scroll event finds the view short of the end it has not moved up from', () => {
		const follower = new EndFollower();
		follower.scrolled(at(1600), 0);
		// The thread grew 300 px below a view that stayed (or went down a pixel).
		expect(follower.scrolled({ offset: 1601, viewport: 400, height: 2300 }, 10)).toBe(false);
		expect(follower.following).toBe(true);
	});

	it('stops when the reader scrolls up, and does not resume on a size change', () => {
		const follower = new EndFollower();
		follower.scrolled(at(1600), 0);
		follower.input(100);
		follower.resized(100);
		expect(follower.scrolled(at(900), 110)).toBe(true);
		expect(follower.following).toBe(false);
		expect(follower.settle(120)).toBe(false);
		expect(follower.following).toBe(false);
	});

	it('takes a move up back when rows changed size around it and nobody touched the thread', () => {
		const follower = new EndFollower();
		follower.scrolled(at(1600), 0);
		expect(follower.scrolled(at(1400), 5_000)).toBe(true);
		expect(follower.following).toBe(false);
		follower.resized(5_010);
		expect(follower.settle(5_020)).toBe(true);
		expect(follower.following).toBe(true);
	});

	it('counts an untouched move up as the reader’s when nothing changed size (a script, a screen reader)', () => {
		const follower = new EndFollower();
		follower.resized(0);
		follower.scrolled(at(1600), 0);
		expect(follower.scrolled(at(0), RESIZE_WINDOW + 100)).toBe(true);
		expect(follower.settle(RESIZE_WINDOW + 110)).toBe(false);
		expect(follower.following).toBe(false);
	});

	it('counts a move up as the reader’s while a pointer is held on the thread, however long ago it went down', () => {
		const follower = new EndFollower();
		follower.scrolled(at(1600), 0);
		follower.input(0, true);
		follower.resized(10 * INPUT_WINDOW);
		follower.scrolled(at(800), 10 * INPUT_WINDOW);
		expect(follower.settle(10 * INPUT_WINDOW + 5)).toBe(false);
		follower.input(10 * INPUT_WINDOW + 50, false);
		expect(follower.following).toBe(false);
	});

	it('follows again once the view is back near the end, and a jump away stops it', () => {
		const follower = scrolledUpByReader(200);
		expect(follower.following).toBe(false);
		follower.scrolled(at(1560), 30);
		expect(follower.following).toBe(true);
		follower.stop();
		expect(follower.following).toBe(false);
		expect(follower.settle(40)).toBe(false);
	});

	it('ignores moves down and moves while already stopped', () => {
		const follower = scrolledUpByReader(100);
		expect(follower.scrolled(at(50), 20)).toBe(false);
		expect(follower.scrolled(at(700), 30)).toBe(false);
		expect(follower.following).toBe(false);
	});

	it('follows again as soon as the reader wheels down to the end or presses End, however the thread grows meanwhile', () => {
		const follower = scrolledUpByReader(200);
		// A turn that stops short of the end changes nothing.
		follower.toEnd(30, { deltaY: 100, position: at(1000) });
		expect(follower.following).toBe(false);
		follower.toEnd(40, { deltaY: -100, position: at(1590) });
		expect(follower.following).toBe(false);
		follower.toEnd(50, { deltaY: 100, position: at(1460) });
		expect(follower.following).toBe(true);
		// The scroll event then finds the view 100 px short of an end that grew: still following.
		follower.scrolled({ offset: 1560, viewport: 400, height: 2060 }, 60);
		expect(follower.following).toBe(true);

		follower.input(70);
		follower.scrolled(at(300), 80);
		expect(follower.following).toBe(false);
		follower.toEnd(90);
		expect(follower.following).toBe(true);
	});
});
