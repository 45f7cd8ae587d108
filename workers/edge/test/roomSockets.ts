// Helpers for the room tests: a WebSocket into the Worker's real request path, with its
// frames queued so a test can wait for the next one that matches.
import { exports } from 'cloudflare:workers';
import { serverFrameSchema, type ServerFrame } from '../../../src/lib/protocol/room.ts';
import { EDGE_ORIGIN } from './edge.ts';
import { SESSION_COOKIE } from './accounts.ts';

export interface TestSocket {
	ws: WebSocket;
	frames: ServerFrame[];
	send(frame: unknown): void;
	/** The next frame (after those already taken) that matches, waiting up to `ms`. */
	next<T extends ServerFrame['type']>(type: T, match?: (frame: Extract<ServerFrame, { type: T }>) => boolean, ms?: number): Promise<Extract<ServerFrame, { type: T }>>;
	closed: Promise<{ code: number; reason: string }>;
}

export interface JoinOptions {
	session?: string;
	link?: string;
	name?: string;
	guest?: string;
	origin?: string;
}

export async function openRoomSocket(roomId: string, options: JoinOptions = {}): Promise<TestSocket> {
	const params = new URLSearchParams();
	if (options.link) params.set('link', options.link);
	if (options.name) params.set('name', options.name);
	if (options.guest) params.set('guest', options.guest);
	const headers: Record<string, string> = { Upgrade: 'websocket', Origin: options.origin ?? EDGE_ORIGIN };
	if (options.session) headers.Cookie = `${SESSION_COOKIE}=${options.session}`;
	const response = await exports.default.fetch(`${EDGE_ORIGIN}/api/rooms/${roomId}/connect?${params}`, { headers });
	const ws = response.webSocket;
	if (!ws) throw new Error(`connect answered ${response.status}: ${await response.text()}`);
	const frames: ServerFrame[] = [];
	const waiters = new Set<() => void>();
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason }))
	);
	ws.addEventListener('message', (event) => {
		frames.push(serverFrameSchema.parse(JSON.parse(String(event.data))));
		for (const wake of waiters) wake();
	});
	ws.accept();
	let taken = 0;
	return {
		ws,
		frames,
		closed,
		send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
		next(type, match = () => true, ms = 5_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					for (let i = taken; i < frames.length; i++) {
						const frame = frames[i]!;
						if (frame.type === type && match(frame as never)) {
							taken = i + 1;
							waiters.delete(check);
							clearTimeout(timer);
							resolve(frame as never);
							return;
						}
					}
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`no ${type} frame within ${ms} ms; got ${JSON.stringify(frames.slice(taken)).slice(0, 500)}`));
				}, ms);
				waiters.add(check);
				check();
			});
		}
	};
}
