// What the service worker does with a push message and a click on its notification, as
// plain functions (src/lib/features/pwa/sw/pushNotifications.ts wires them to events).

import { pushPayloadSchema, type PushKind } from '../../protocol/push.ts';

export interface NotificationPlan {
	title: string;
	options: { body: string; tag?: string; icon: string; badge: string; data: { url: string; kind: PushKind } };
}

/** A window the worker can see: where it is and whether the user is looking at it. */
export interface WindowLike {
	url: string;
	visibilityState: DocumentVisibilityState;
	focused: boolean;
}

/**
 * The notification to show for a push message's data, or null when it does not follow the
 * protocol (a message from an older server, say): nothing half-parsed is shown.
 */
export function planNotification(data: unknown): NotificationPlan | null {
	const parsed = pushPayloadSchema.safeParse(data);
	if (!parsed.success) return null;
	const { title, body, url, tag, kind } = parsed.data;
	return {
		title,
		options: { body, ...(tag ? { tag } : {}), icon: '/icons/icon-192.png', badge: '/icons/icon-192.png', data: { url, kind } }
	};
}

/**
 * Whether to stay quiet: a room message for the room the user is looking at right now is
 * already on screen. (Every other case is shown; a push without a notification while no
 * page is visible would make Chromium show its own generic one.)
 */
export function alreadyOnScreen(plan: NotificationPlan, windows: readonly WindowLike[], origin: string): boolean {
	if (plan.options.data.kind !== 'room_message') return false;
	const target = new URL(plan.options.data.url, origin).href;
	return windows.some((w) => w.visibilityState === 'visible' && w.focused && w.url === target);
}

/** The absolute address a click opens: only a path on this origin, else the home page. */
export function clickTarget(data: unknown, origin: string): string {
	const url = (data as { url?: unknown } | null)?.url;
	if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//')) return `${origin}/`;
	const target = new URL(url, origin);
	return target.origin === origin ? target.href : `${origin}/`;
}

/**
 * Which open window a click should use: one already at the target, else the focused one,
 * else any; null means open a new window.
 */
export function pickWindow<T extends WindowLike>(windows: readonly T[], target: string): { window: T; navigate: boolean } | null {
	const there = windows.find((w) => w.url === target);
	if (there) return { window: there, navigate: false };
	const other = windows.find((w) => w.focused) ?? windows[0];
	return other ? { window: other, navigate: true } : null;
}
