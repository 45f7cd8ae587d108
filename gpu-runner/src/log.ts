// Structured logs: one JSON object per line on stdout, so `docker logs` stays greppable and
// any log shipper can parse it without a format of our own.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
	debug(msg: string, fields?: LogFields): void;
	info(msg: string, fields?: LogFields): void;
	warn(msg: string, fields?: LogFields): void;
	error(msg: string, fields?: LogFields): void;
}

/** Builds a logger that hands each finished line to `write` (stdout by default). */
export function createLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
	const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
		write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }, replaceErrors));
	};
	return {
		debug: (msg, fields) => emit('debug', msg, fields),
		info: (msg, fields) => emit('info', msg, fields),
		warn: (msg, fields) => emit('warn', msg, fields),
		error: (msg, fields) => emit('error', msg, fields)
	};
}

/** A logger that drops everything, for tests that do not assert on logs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

// Errors have no enumerable fields, so JSON.stringify would log them as `{}`.
function replaceErrors(_key: string, value: unknown): unknown {
	if (value instanceof Error) {
		return { name: value.name, message: value.message, stack: value.stack };
	}
	return value;
}
