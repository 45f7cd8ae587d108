// JSON Schema compiling and checking for extraction, off the page: Ajv compiles each schema
// into a function with `new Function`, which the app shell's Content-Security-Policy does not
// allow (decision 0049). A worker started from its own script is not under the page's <meta>
// policy. Started on the first extraction.
import { expose } from 'comlink';
import { compileSchema, SchemaError, type CompiledSchema } from '../features/documents/jsonSchema.ts';

/** A compiled schema's id and its parsed form, or the message of a SchemaError. */
export type CompileResult = { ok: true; id: number; schema: Record<string, unknown> } | { ok: false; message: string };

export interface JsonSchemaWorkerApi {
	compile(text: string): Promise<CompileResult>;
	check(id: number, value: unknown): string[];
	release(id: number): void;
}

const compiled = new Map<number, CompiledSchema>();
let nextId = 0;

expose({
	async compile(text) {
		try {
			const schema = await compileSchema(text);
			compiled.set(++nextId, schema);
			return { ok: true, id: nextId, schema: schema.schema };
		} catch (error) {
			// A SchemaError's message is for the user; its class does not cross to the page.
			if (error instanceof SchemaError) return { ok: false, message: error.message };
			throw error;
		}
	},
	check(id, value) {
		const schema = compiled.get(id);
		if (!schema) throw new Error(`No compiled schema ${id}: it was released.`);
		return schema.check(value);
	},
	release(id) {
		compiled.delete(id);
	}
} satisfies JsonSchemaWorkerApi);
