// zod 4 compiles a fast path for each object schema with `new Function` when the page allows
// eval, and probes for that when the schema is created. The app shell's Content-Security-Policy
// allows no eval (decision 0049), and the browser reports the probe as a violation even though
// zod catches it. zod keeps its configuration on `globalThis.__zod_globalConfig`, shared by
// every copy of zod and read when zod first loads, so setting it before then turns the JIT off
// without loading zod at start-up (`z.config()` would bring about 4 KB of zod into the first
// page's scripts). zodJitless.test.ts fails if zod stops reading it.

interface ZodGlobal {
	__zod_globalConfig?: { jitless?: boolean };
}

/** Makes every zod schema created from now on parse without compiled code. */
export function turnZodJitOff(): void {
	const global = globalThis as ZodGlobal;
	global.__zod_globalConfig = { ...global.__zod_globalConfig, jitless: true };
}
