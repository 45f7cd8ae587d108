// Guards the account data registry: deleting an account must reach every row that names a
// user, through the user row's ON DELETE CASCADE or a section's erase (sections.ts).
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { collectAccountData } from './exportData.ts';
import { ACCOUNT_DATA_SECTIONS } from './sections.ts';

/** Tables whose user rows are removed by a section's erase rather than a cascade. */
const ERASED_BY_A_SECTION = new Set(['usage']);
const USER_COLUMNS = new Set(['user_id', 'owner_id', 'created_by', 'invited_by', 'member_id']);

interface ForeignKey {
	table: string;
	from: string;
	on_delete: string;
}

describe('account data registry', () => {
	it('reaches every table that holds rows about a user when the account is deleted', async () => {
		const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'").all<{ name: string }>();
		const unreached: string[] = [];
		for (const { name } of tables.results) {
			const columns = await env.DB.prepare(`PRAGMA table_info("${name}")`).all<{ name: string }>();
			const keys = await env.DB.prepare(`PRAGMA foreign_key_list("${name}")`).all<ForeignKey>();
			for (const column of columns.results.map((c) => c.name).filter((c) => USER_COLUMNS.has(c))) {
				const key = keys.results.find((k) => k.from === column && k.table === 'users');
				const cascades = key?.on_delete.toUpperCase() === 'CASCADE' || key?.on_delete.toUpperCase() === 'SET NULL';
				if (!cascades && !ERASED_BY_A_SECTION.has(name)) unreached.push(`${name}.${column}`);
			}
		}
		expect(unreached, 'add ON DELETE CASCADE, or an erase in workers/edge/src/account/sections.ts').toEqual([]);
	});

	it('erases every row that names a user by address rather than by id', async () => {
		// An address in a table other than users (an invite to it, an email sent to it) has no
		// foreign key to follow: a section must erase it, or deleting the account leaves it.
		const ERASED_BY_ADDRESS = new Set(['team_invites', 'dev_outbox']);
		const EMAIL_COLUMNS = new Set(['email', 'recipient', 'to_email']);
		const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'").all<{ name: string }>();
		const unreached: string[] = [];
		for (const { name } of tables.results) {
			if (name === 'users') continue;
			const columns = await env.DB.prepare(`PRAGMA table_info("${name}")`).all<{ name: string }>();
			const keys = await env.DB.prepare(`PRAGMA foreign_key_list("${name}")`).all<ForeignKey>();
			const cascadesWithUser = keys.results.some((k) => k.table === 'users' && k.on_delete.toUpperCase() === 'CASCADE');
			for (const column of columns.results.map((c) => c.name).filter((c) => EMAIL_COLUMNS.has(c))) {
				if (!cascadesWithUser && !ERASED_BY_ADDRESS.has(name)) unreached.push(`${name}.${column}`);
			}
		}
		expect(unreached, 'erase rows by address in a section of workers/edge/src/account/sections.ts').toEqual([]);
		const names = ACCOUNT_DATA_SECTIONS.map((section) => section.key);
		expect(names).toEqual(expect.arrayContaining(['teamInvites', 'emails']));
	});

	it('refuses two sections with one key', async () => {
		const section = { key: 'twice', description: 'x', collect: async () => 1 };
		const user = { id: 'u' } as Parameters<typeof collectAccountData>[1]['user'];
		await expect(collectAccountData([section, section], { env, user })).rejects.toThrow(/share the key "twice"/);
	});
});
