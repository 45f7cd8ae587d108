// `npm run bench`: runs every benchmark in turn and prints one JSON object of figures.
// Progress goes to stderr so stdout stays machine-readable. Pass names to run a subset.
type Bench = () => Promise<Record<string, number | string>>;

const benches: Record<string, () => Promise<{ default: Bench }>> = {
	markdown: () => import('./markdown.ts'),
	edgeTtft: () => import('./edgeTtft.ts'),
	firstPaint: () => import('./firstPaint.ts'),
	search: () => import('./search.ts'),
	searchBrowser: () => import('./searchBrowser.ts'),
	searchEmbeddings: () => import('./searchEmbeddings.ts'),
	rooms: () => import('./rooms.ts'),
	attachments: () => import('./attachments.ts'),
	bundle: () => import('./bundle.ts'),
	lighthouse: () => import('./lighthouse.ts'),
	longTask: () => import('./longTask.ts'),
	composerFocus: () => import('./composerFocus.ts'),
	sanitize: () => import('./sanitize.ts')
};

const wanted = process.argv.slice(2);
const results: Record<string, unknown> = {};
for (const [name, load] of Object.entries(benches)) {
	if (wanted.length > 0 && !wanted.includes(name)) continue;
	process.stderr.write(`bench ${name}…\n`);
	const started = performance.now();
	try {
		const { default: bench } = await load();
		results[name] = await bench();
	} catch (error) {
		results[name] = { error: error instanceof Error ? error.message : String(error) };
	}
	process.stderr.write(`bench ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
console.log(JSON.stringify({ machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, ...results }, null, 2));
