import { describe, expect, it } from 'vitest';
import { SwipeGesture } from './swipeGesture.ts';

describe('SwipeGesture', () => {
	it('picks the side once the drag passes the threshold', () => {
		const left = new SwipeGesture(100);
		left.start(300, 50);
		expect(left.move(280, 52)).toBe(true);
		left.move(180, 55);
		expect(left.offset).toBe(-120);
		expect(left.progress).toBe(1);
		expect(left.end()).toBe('left');

		const right = new SwipeGesture(100);
		right.start(10, 50);
		right.move(130, 40);
		expect(right.end()).toBe('right');
	});

	it('does nothing for a short drag, and resets after', () => {
		const gesture = new SwipeGesture(100);
		gesture.start(200, 50);
		gesture.move(150, 50);
		expect(gesture.progress).toBe(0.5);
		expect(gesture.end()).toBeNull();
		expect(gesture.offset).toBe(0);
		expect(gesture.swiping).toBe(false);
	});

	it('leaves a vertical move to scrolling, even if it later goes sideways', () => {
		const gesture = new SwipeGesture(100);
		gesture.start(200, 50);
		expect(gesture.move(203, 80)).toBe(false);
		expect(gesture.move(20, 90)).toBe(false);
		expect(gesture.end()).toBeNull();
	});

	it('ignores jitter under the slop and moves without a start', () => {
		const gesture = new SwipeGesture(100);
		expect(gesture.move(500, 0)).toBe(false);
		gesture.start(200, 50);
		expect(gesture.move(205, 54)).toBe(false);
		expect(gesture.swiping).toBe(false);
	});
});
