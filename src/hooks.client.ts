// Runs before the app starts, so before any zod schema exists: no compiled parsers, which the
// shell's Content-Security-Policy would refuse (src/lib/core/zodJitless.ts, decision 0049).
import { turnZodJitOff } from '$lib/core/zodJitless.ts';

turnZodJitOff();
