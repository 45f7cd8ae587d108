import { describe, expect, it } from 'vitest';
import { alreadyOnScreen, clickTarget, pickWindow, planNotification, type WindowLike } from './notificationTarget.ts';

const ORIGIN = 'https://atrium.example';
const win = (path: string, extra: Partial<WindowLike> = {}): WindowLike => ({ url: `${ORIGIN}${path}`, visibilityState: 'hidden', focused: false, ...extra });

describe('planNotification', () => {
	it('shows the title, body and tag, and remembers where a click goes', () => {
		expect(planNotification({ kind: 'image_job', title: 'Image ready', body: 'A lighthouse', url: '/c/abc', tag: 'job-1' })).toEqual({
			title: 'Image ready',
			options: { body: 'A lighthouse', tag: 'job-1', icon: '/icons/icon-192.png', badge: '/icons/icon-192.png', data: { url: '/c/abc', kind: 'image_job' } }
		});
	});

	it('shows nothing for data that does not follow the protocol', () => {
		expect(planNotification(null)).toBeNull();
		expect(planNotification('hello')).toBeNull();
		expect(planNotification({ kind: 'spam', title: 'x', url: '/' })).toBeNull();
		expect(planNotification({ kind: 'query', title: 'x', url: 'https://evil.example/' })).toBeNull();
		expect(planNotification({ kind: 'query', title: 'x', url: '//evil.example/' })).toBeNull();
	});
});

describe('alreadyOnScreen', () => {
	const room = planNotification({ kind: 'room_message', title: 'Ada', url: '/r/room-1' })!;
	it('stays quiet only for a room message while that room is visible and focused', () => {
		expect(alreadyOnScreen(room, [win('/r/room-1', { visibilityState: 'visible', focused: true })], ORIGIN)).toBe(true);
		expect(alreadyOnScreen(room, [win('/r/room-1')], ORIGIN)).toBe(false);
		expect(alreadyOnScreen(room, [win('/r/room-2', { visibilityState: 'visible', focused: true })], ORIGIN)).toBe(false);
		const job = planNotification({ kind: 'image_job', title: 'Done', url: '/r/room-1' })!;
		expect(alreadyOnScreen(job, [win('/r/room-1', { visibilityState: 'visible', focused: true })], ORIGIN)).toBe(false);
	});
});

describe('clickTarget and pickWindow', () => {
	it('opens only paths on this origin', () => {
		expect(clickTarget({ url: '/c/abc' }, ORIGIN)).toBe(`${ORIGIN}/c/abc`);
		expect(clickTarget({ url: '//evil.example/x' }, ORIGIN)).toBe(`${ORIGIN}/`);
		expect(clickTarget({ url: 'javascript:alert(1)' }, ORIGIN)).toBe(`${ORIGIN}/`);
		expect(clickTarget(undefined, ORIGIN)).toBe(`${ORIGIN}/`);
	});

	it('uses a window already there, else the focused one (navigated), else opens one', () => {
		const there = win('/c/abc');
		const focused = win('/', { focused: true });
		expect(pickWindow([focused, there], `${ORIGIN}/c/abc`)).toEqual({ window: there, navigate: false });
		expect(pickWindow([win('/x'), focused], `${ORIGIN}/c/abc`)).toEqual({ window: focused, navigate: true });
		expect(pickWindow([], `${ORIGIN}/c/abc`)).toBeNull();
	});
});
