// Hybrid logical clock (Kulkarni et al.): timestamps that follow wall time where clocks
// agree and still order causally related events when they do not. Serialized as a
// fixed-width string, so string order is timestamp order, with the device's node id last
// to make every timestamp unique.
import { HLC_PATTERN } from '../protocol/limits.ts';

export interface HlcTimestamp {
	/** Milliseconds since the epoch (the largest wall time seen). */
	wall: number;
	/** Orders events within one millisecond. */
	counter: number;
	/** The device that made the timestamp. */
	node: string;
}

/** How far ahead of this device's clock a remote timestamp may be before it is refused. */
export const MAX_DRIFT_MS = 24 * 60 * 60 * 1000;
const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
const NODE_PATTERN = /^[0-9a-z]{1,32}$/;

export class HlcError extends Error {
	override readonly name = 'HlcError';
}

/** A clock that has seen nothing yet. */
export function initialHlc(node: string): HlcTimestamp {
	if (!NODE_PATTERN.test(node)) throw new HlcError(`Invalid HLC node id "${node}": use 1–32 lowercase letters or digits.`);
	return { wall: 0, counter: 0, node };
}

/** A fresh random node id for a device (64 bits, hex). */
export function randomNodeId(): string {
	return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function checked(wall: number, counter: number, node: string): HlcTimestamp {
	if (counter > MAX_COUNTER) throw new HlcError('HLC counter overflow: too many events within one millisecond.');
	return { wall, counter, node };
}

/** The timestamp of a local event: later than everything this clock has seen. */
export function hlcNow(last: HlcTimestamp, nowMs: number): HlcTimestamp {
	const wall = Math.max(last.wall, Math.floor(nowMs));
	return checked(wall, wall === last.wall ? last.counter + 1 : 0, last.node);
}

/**
 * The clock after receiving `remote`: later than both it and everything seen locally.
 * A remote time more than MAX_DRIFT_MS ahead of this device's clock is refused, so one
 * device with a wrong clock cannot drag every other clock into the future.
 */
export function hlcReceive(last: HlcTimestamp, remote: HlcTimestamp, nowMs: number): HlcTimestamp {
	const now = Math.floor(nowMs);
	if (remote.wall - now > MAX_DRIFT_MS) {
		throw new HlcError(`Remote clock is ${Math.round((remote.wall - now) / 60_000)} minutes ahead of this device's; check the device's date and time.`);
	}
	const wall = Math.max(last.wall, remote.wall, now);
	let counter = 0;
	if (wall === last.wall && wall === remote.wall) counter = Math.max(last.counter, remote.counter) + 1;
	else if (wall === last.wall) counter = last.counter + 1;
	else if (wall === remote.wall) counter = remote.counter + 1;
	return checked(wall, counter, last.node);
}

export function serializeHlc(t: HlcTimestamp): string {
	return `${String(t.wall).padStart(WALL_DIGITS, '0')}-${String(t.counter).padStart(COUNTER_DIGITS, '0')}-${t.node}`;
}

export function parseHlc(text: string): HlcTimestamp {
	const match = HLC_PATTERN.exec(text);
	if (!match) throw new HlcError(`Not an HLC timestamp: "${text.slice(0, 60)}".`);
	return { wall: Number(match[1]), counter: Number(match[2]), node: match[3] as string };
}

/** Total order over serialized timestamps: negative, zero or positive like a comparator. */
export function compareHlc(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
