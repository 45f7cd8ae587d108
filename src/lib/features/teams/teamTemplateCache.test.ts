import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtriumDatabase } from '$lib/db/database.ts';
import { AccountError } from '$lib/features/account/accountCall.ts';
import type { Workspace } from '$lib/protocol/teams.ts';
import { refreshTeamTemplates, watchTeamTemplates } from './teamTemplateCache.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

const template = (id: string, teamId: string, name: string) => ({ id, teamId, name, systemPrompt: `Prompt ${name}`, starter: '', updatedAt: '2026-11-26T10:00:00.000Z' });

const WORKSPACES: Workspace[] = [
	{ id: 'me', kind: 'personal', name: 'Personal', role: 'owner', templates: [], rooms: [] },
	{ id: 'team-b', kind: 'team', name: 'Beta', role: 'member', templates: [template('t2', 'team-b', 'Standup')], rooms: [] },
	{ id: 'team-a', kind: 'team', name: 'Alpha', role: 'admin', templates: [template('t3', 'team-a', 'Zebra'), template('t1', 'team-a', 'Review')], rooms: [] }
];

function next(db: AtriumDatabase): Promise<string[]> {
	return new Promise((resolve) => {
		const stop = watchTeamTemplates(db, (list) => {
			stop();
			resolve(list.map((t) => `${t.teamName}/${t.name}`));
		});
	});
}

describe('team template cache', () => {
	it('stores every team’s templates, sorted by team then name, and replaces them on refresh', async () => {
		await refreshTeamTemplates(db, async () => WORKSPACES);
		expect(await next(db)).toEqual(['Alpha/Review', 'Alpha/Zebra', 'Beta/Standup']);
		await refreshTeamTemplates(db, async () => [WORKSPACES[0]!, { ...WORKSPACES[1]!, templates: [] }]);
		expect(await next(db)).toEqual([]);
	});

	it('keeps the cache offline and empties it when the edge says nobody is signed in', async () => {
		await refreshTeamTemplates(db, async () => WORKSPACES);
		await refreshTeamTemplates(db, async () => {
			throw new AccountError('offline', 'Cannot reach the Atrium server.');
		});
		expect(await db.teamTemplates.count()).toBe(3);
		await refreshTeamTemplates(db, async () => {
			throw new AccountError('unauthorized', 'You are not signed in.');
		});
		expect(await db.teamTemplates.count()).toBe(0);
	});
});
