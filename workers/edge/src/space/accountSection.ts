// Sync in "export my data" and "delete my account" (account/exportData.ts): the user's
// Space (every operation their devices pushed) and their attachment blobs in R2. Neither
// is reached by the user row's cascade, so both are erased here.
import type { SyncOp } from '../../../../src/lib/protocol/ops.ts';
import type { AccountDataSection } from '../account/exportData.ts';
import type { EdgeEnv } from '../env.ts';
import { attachmentPath } from '../account/exportArchive.ts';
import { r2BlobStore } from './blobStore.ts';

const PAGE = 500;

export function spaceFor(env: EdgeEnv, userId: string) {
	return env.SPACE.get(env.SPACE.idFromName(userId));
}

async function everyOp(env: EdgeEnv, userId: string): Promise<{ seq: number; op: SyncOp }[]> {
	const space = spaceFor(env, userId);
	const ops: { seq: number; op: SyncOp }[] = [];
	for (let cursor = 0; ; ) {
		const page = await space.pull(cursor, PAGE);
		if (!page.ok) return ops;
		ops.push(...page.ops);
		if (!page.more) return ops;
		cursor = page.cursor;
	}
}

export const syncAccountSection: AccountDataSection = {
	key: 'sync',
	description:
		'Synced conversations: every change your devices sent (in order), and the attachments they uploaded (address, size, type, and `file`: where the bytes are in the export archive).',
	async collect({ env, user }) {
		const [ops, blobs] = await Promise.all([everyOp(env, user.id), r2BlobStore(env.BLOBS).list(user.id)]);
		return { operations: ops, blobs: blobs.map((blob) => ({ ...blob, file: attachmentPath(blob) })) };
	},
	async erase({ env, user }) {
		await spaceFor(env, user.id).erase();
		await r2BlobStore(env.BLOBS).deleteAll(user.id);
	}
};
