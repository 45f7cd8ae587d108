// Where the search index is kept between visits: its own IndexedDB database, apart from
// the app's data, so it can be dropped and rebuilt at any time without touching the truth.
import { Dexie, type EntityTable } from 'dexie';

export interface SnapshotRow {
	key: string;
	/** `MessageIndex.toJSON()` output. */
	json: string;
	savedAt: number;
}

const KEY = 'messages';

export class SnapshotStore extends Dexie {
	snapshots!: EntityTable<SnapshotRow, 'key'>;

	constructor(name = 'atrium-search') {
		super(name);
		this.version(1).stores({ snapshots: 'key' });
	}

	async load(): Promise<string | null> {
		return (await this.snapshots.get(KEY))?.json ?? null;
	}

	async save(json: string): Promise<void> {
		await this.snapshots.put({ key: KEY, json, savedAt: Date.now() });
	}

	async clear(): Promise<void> {
		await this.snapshots.clear();
	}
}
