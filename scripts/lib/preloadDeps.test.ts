import { describe, expect, it } from 'vitest';
import { preloadDeps, staticClosure, type ChunkGraph } from './preloadDeps.ts';

// app imports shared and ui; ui imports shared and svelte; lazy (a dynamic import of ui) needs markdown and shared.
const bundle: ChunkGraph = {
	'app.js': { type: 'chunk', imports: ['shared.js', 'ui.js'] },
	'ui.js': { type: 'chunk', imports: ['shared.js', 'svelte.js'] },
	'shared.js': { type: 'chunk', imports: [] },
	'svelte.js': { type: 'chunk', imports: ['shared.js'] },
	'lazy.js': { type: 'chunk', imports: ['markdown.js', 'shared.js', 'svelte.js'] },
	'markdown.js': { type: 'chunk', imports: [] },
	'other.js': { type: 'chunk', imports: [] },
	'logo.svg': { type: 'asset' }
};

/** Runs the plugin's generateBundle on `output`, as Vite would before its own. */
function withBundle(output: ChunkGraph) {
	const preload = preloadDeps();
	const hook = preload.plugin.generateBundle as { handler: (options: unknown, bundle: unknown) => void };
	hook.handler({}, output);
	return preload;
}

describe('preloadDeps', () => {
	it('finds every chunk a chunk imports statically, through cycles and assets', () => {
		expect([...staticClosure(bundle, 'app.js')].sort()).toEqual(['app.js', 'shared.js', 'svelte.js', 'ui.js']);
		expect([...staticClosure(bundle, 'markdown.js')]).toEqual(['markdown.js']);
		const cyclic: ChunkGraph = { 'a.js': { type: 'chunk', imports: ['b.js'] }, 'b.js': { type: 'chunk', imports: ['a.js'] } };
		expect([...staticClosure(cyclic, 'a.js')].sort()).toEqual(['a.js', 'b.js']);
	});

	it("leaves out of a dynamic import's list the chunks its importer has loaded", () => {
		const preload = withBundle(bundle);
		const deps = ['lazy.js', 'markdown.js', 'shared.js', 'svelte.js'];
		expect(preload.resolveDependencies('lazy.js', deps, { hostId: 'ui.js', hostType: 'js' })).toEqual(['lazy.js', 'markdown.js']);
		// Imported from a chunk that loaded none of them, the list stays whole.
		expect(preload.resolveDependencies('lazy.js', deps, { hostId: 'other.js', hostType: 'js' })).toEqual(deps);
	});

	it('keeps the list as is for HTML hosts, before any bundle, and for a host of another build', () => {
		const deps = ['lazy.js', 'shared.js'];
		expect(preloadDeps().resolveDependencies('lazy.js', deps, { hostId: 'ui.js', hostType: 'js' })).toEqual(deps);
		const preload = withBundle(bundle);
		expect(preload.resolveDependencies('lazy.js', deps, { hostId: 'index.html', hostType: 'html' })).toEqual(deps);
		expect(preload.resolveDependencies('lazy.js', deps, { hostId: 'worker-chunk.js', hostType: 'js' })).toEqual(deps);
	});
});
