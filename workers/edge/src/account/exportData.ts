// What the edge holds about an account, section by section (decision 0009). "Export my
// data" collects every section; "delete my account" erases every section, then the user
// row, whose ON DELETE CASCADE removes the rows that reference it.
//
// To add a table (or a Durable Object's storage) that holds a user's data: add a section
// to ACCOUNT_DATA_SECTIONS in ./sections.ts. `collect` returns plain JSON (dates as ISO
// strings; never secrets or their hashes); `erase` is needed only for data the user row's
// cascade does not reach (rows without a foreign key to users, Durable Objects, R2).
import type { UserRow } from '../db/schema.ts';
import type { EdgeEnv } from '../env.ts';

export interface AccountDataContext {
	env: EdgeEnv;
	user: UserRow;
}

export interface AccountDataSection {
	/** The section's key in the export's `data`. */
	key: string;
	/** What it holds, in words, for the export's index. */
	description: string;
	collect(context: AccountDataContext): Promise<unknown>;
	erase?(context: AccountDataContext): Promise<void>;
}

export const EXPORT_FORMAT = 'atrium-account-export';

export interface AccountExportDocument {
	format: typeof EXPORT_FORMAT;
	version: 1;
	exportedAt: string;
	sections: Record<string, string>;
	data: Record<string, unknown>;
}

export async function collectAccountData(sections: readonly AccountDataSection[], context: AccountDataContext, now = new Date()): Promise<AccountExportDocument> {
	const keys = new Set<string>();
	for (const section of sections) {
		if (keys.has(section.key)) throw new Error(`two account data sections share the key "${section.key}"`);
		keys.add(section.key);
	}
	const values = await Promise.all(sections.map((section) => section.collect(context)));
	return {
		format: EXPORT_FORMAT,
		version: 1,
		exportedAt: now.toISOString(),
		sections: Object.fromEntries(sections.map((section) => [section.key, section.description])),
		data: Object.fromEntries(sections.map((section, i) => [section.key, values[i]]))
	};
}

/** Runs every section's erase, in order; a failure stops the deletion before the user row goes. */
export async function eraseAccountData(sections: readonly AccountDataSection[], context: AccountDataContext): Promise<void> {
	for (const section of sections) await section.erase?.(context);
}
