// The page's way to the JSON Schema worker (one per tab, started on the first extraction,
// started again after it failed to load).
import { SchemaError, type CompileSchema } from '../features/documents/jsonSchema.ts';
import { startModuleWorker, type ModuleWorker } from './moduleWorker.ts';
import type { JsonSchemaWorkerApi } from './jsonSchema.worker.ts';

let current: ModuleWorker<JsonSchemaWorkerApi> | undefined;

function jsonSchemaWorker(): ModuleWorker<JsonSchemaWorkerApi> {
	if (current) return current;
	const made = startModuleWorker<JsonSchemaWorkerApi>(
		() => new Worker(new URL('./jsonSchema.worker.ts', import.meta.url), { type: 'module' }),
		(detail) => `the schema checker could not start${detail ? ` (${detail})` : ''}; try again.`,
		() => {
			if (current === made) current = undefined;
		}
	);
	current = made;
	return made;
}

/** Compiles and checks in the schema worker; a bad schema throws SchemaError, as compiling here does. */
export const compileInWorker: CompileSchema = async (text) => {
	const { api, failed } = jsonSchemaWorker();
	const result = await Promise.race([api.compile(text), failed]);
	if (!result.ok) throw new SchemaError(result.message);
	return {
		schema: result.schema,
		check: (value) => Promise.race([api.check(result.id, value), failed]),
		release: () =>
			void api.release(result.id).catch(() => {
				// The worker is gone; nothing is held.
			})
	};
};
