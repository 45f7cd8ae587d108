// The page's way to the JSON Schema worker (one per tab, started on the first extraction).
import { wrap, type Remote } from 'comlink';
import { SchemaError, type CompileSchema } from '../features/documents/jsonSchema.ts';
import type { JsonSchemaWorkerApi } from './jsonSchema.worker.ts';

let worker: Remote<JsonSchemaWorkerApi> | undefined;

function jsonSchemaWorker(): Remote<JsonSchemaWorkerApi> {
	worker ??= wrap<JsonSchemaWorkerApi>(new Worker(new URL('./jsonSchema.worker.ts', import.meta.url), { type: 'module' }));
	return worker;
}

/** Compiles and checks in the schema worker; a bad schema throws SchemaError, as compiling here does. */
export const compileInWorker: CompileSchema = async (text) => {
	const remote = jsonSchemaWorker();
	const result = await remote.compile(text);
	if (!result.ok) throw new SchemaError(result.message);
	return {
		schema: result.schema,
		check: (value) => remote.check(result.id, value),
		release: () => void remote.release(result.id).catch(() => {
			// The worker is gone with the page; nothing is held.
		})
	};
};
