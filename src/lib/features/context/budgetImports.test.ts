import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Value imports and re-exports of a source file (type-only ones and dynamic import() left out). */
function staticImports(source: string): string[] {
	const specifiers: string[] = [];
	const pattern = /^\s*(?:import|export)\s+(?!type\b)([^;]*?)\s+from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
	for (const match of source.matchAll(pattern)) {
		const bindings = match[1];
		// `import { type A, type B } from` brings no value either.
		if (bindings && /^\{[^}]*\}$/.test(bindings.trim()) && bindings.replace(/[{}\s]/g, '').split(',').every((name) => name === '' || name.startsWith('type'))) continue;
		specifiers.push(match[2] ?? match[3]!);
	}
	return specifiers;
}

/** Every file of src that `entry` loads through static value imports. */
async function reachable(entry: string): Promise<Set<string>> {
	const seen = new Set<string>();
	const queue = [resolve(entry)];
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		const text = await readFile(file, 'utf8');
		// A component's module and instance scripts both import.
		const code = file.endsWith('.svelte') ? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((script) => script[1]).join('\n') : text;
		for (const specifier of staticImports(code)) {
			if (specifier.startsWith('$lib/')) queue.push(resolve('src/lib', specifier.slice(5)));
			else if (specifier.startsWith('.')) queue.push(join(dirname(file), specifier));
		}
	}
	return new Set([...seen].map((file) => relative('src', file)));
}

describe('the budget line on the main thread', () => {
	it('loads neither the planner nor the counting: they run in the token worker (decision 0029)', async () => {
		const loaded = await reachable('src/lib/features/context/ContextBudget.svelte');
		expect(loaded).toContain('lib/features/context/budgetClient.ts');
		expect(loaded).toContain('lib/workers/tokensClient.ts');
		for (const planner of ['lib/core/contextPlan.ts', 'lib/core/contextWindow.ts', 'lib/core/tokens.ts', 'lib/features/context/requestContext.ts', 'lib/features/context/tokenLedger.ts']) {
			expect(loaded).not.toContain(planner);
		}
	});

	it('is told apart from the send path, which does load the planner', async () => {
		expect(await reachable('src/lib/features/context/requestContext.ts')).toContain('lib/core/contextWindow.ts');
	});
});
