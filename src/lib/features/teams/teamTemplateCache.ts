// Team templates kept in IndexedDB, so the template picker shows them offline and at once.
// The edge is the truth: each refresh replaces the whole cache with what it answers. When
// the edge says nobody is signed in, the cache is emptied (another person may use this
// browser next); when it cannot be reached, the cache stays as it was.
import { liveQuery } from 'dexie';
import type { AtriumDatabase, CachedTeamTemplate } from '$lib/db/database.ts';
import type { Workspace } from '$lib/protocol/teams.ts';
import { AccountError } from '$lib/features/account/accountCall.ts';

/** The teams client loads when a signed-in user's templates are fetched (decision 0022). */
const fetchWorkspaces = async (): Promise<Workspace[]> => (await import('./teamsApi.ts')).teamsApi.workspaces();

export async function replaceTeamTemplates(db: AtriumDatabase, workspaces: readonly Workspace[]): Promise<void> {
	const rows: CachedTeamTemplate[] = workspaces.flatMap((workspace) =>
		workspace.kind === 'team' ? workspace.templates.map((template) => ({ ...template, teamName: workspace.name })) : []
	);
	await db.transaction('rw', db.teamTemplates, async () => {
		await db.teamTemplates.clear();
		await db.teamTemplates.bulkPut(rows);
	});
}

/** Fetches the user's workspaces and caches their templates; never throws. */
export async function refreshTeamTemplates(db: AtriumDatabase, load: () => Promise<Workspace[]> = fetchWorkspaces): Promise<void> {
	try {
		await replaceTeamTemplates(db, await load());
	} catch (error) {
		if (error instanceof AccountError && error.code === 'unauthorized') await db.teamTemplates.clear().catch(() => undefined);
	}
}

/** Forgets every team's templates (on sign-out). */
export async function clearTeamTemplates(db: AtriumDatabase): Promise<void> {
	await db.teamTemplates.clear();
}

/** Calls `onchange` with the cached team templates (by team, then name) now and on every change. */
export function watchTeamTemplates(db: AtriumDatabase, onchange: (templates: CachedTeamTemplate[]) => void): () => void {
	const sorted = async () =>
		(await db.teamTemplates.toArray()).sort(
			(a, b) => a.teamName.localeCompare(b.teamName) || a.teamId.localeCompare(b.teamId) || a.name.localeCompare(b.name)
		);
	const subscription = liveQuery(sorted).subscribe({ next: onchange, error: () => onchange([]) });
	return () => subscription.unsubscribe();
}
