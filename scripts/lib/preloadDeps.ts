// Vite lists, for each dynamic import, every chunk the imported one needs, and its preload
// helper checks each at run time (a URL resolved, a lookup, a `<link>` when none names it).
// A chunk that the importing chunk itself imports statically is always loaded and evaluated
// before that import can run, so listing it only costs the check (decision 0041). This drops
// those from each list (`build.modulePreload.resolveDependencies`, which Vite calls with the
// JavaScript deps only: stylesheets stay listed). The chunk graph comes from the bundle,
// captured by a plugin whose `generateBundle` runs before Vite's own.
import type { Plugin } from 'vite';

/** What this needs of a bundle: each chunk's static imports. */
export type ChunkGraph = Record<string, { type: string; imports?: readonly string[] }>;

/** `file` and every chunk it imports statically, directly or not. */
export function staticClosure(bundle: ChunkGraph, file: string): Set<string> {
	const seen = new Set<string>();
	const stack = [file];
	while (stack.length > 0) {
		const next = stack.pop() as string;
		if (seen.has(next)) continue;
		seen.add(next);
		const chunk = bundle[next];
		if (chunk?.type === 'chunk') stack.push(...(chunk.imports ?? []));
	}
	return seen;
}

/** A `resolveDependencies` that leaves out what the importer has loaded, and the plugin that shows it the bundle. */
export function preloadDeps(): {
	plugin: Plugin;
	resolveDependencies: (filename: string, deps: string[], context: { hostId: string; hostType: 'html' | 'js' }) => string[];
} {
	let bundle: ChunkGraph | undefined;
	const closures = new Map<string, Set<string>>();
	return {
		plugin: {
			name: 'atrium:preload-deps',
			apply: 'build',
			generateBundle: {
				order: 'pre',
				handler(_options, output) {
					bundle = output as unknown as ChunkGraph;
					closures.clear();
				}
			}
		},
		resolveDependencies(_filename, deps, { hostId, hostType }) {
			// Another build's bundle (a worker's, which this plugin does not see): leave the list as is.
			if (hostType !== 'js' || !bundle || !(hostId in bundle)) return deps;
			let loaded = closures.get(hostId);
			if (!loaded) closures.set(hostId, (loaded = staticClosure(bundle, hostId)));
			const known = loaded;
			return deps.filter((dep) => !known.has(dep));
		}
	};
}
