// Worker-thread body for the claim race test: its own connection, released by a shared
// barrier at the same instant as its siblings, claims until the queue is empty.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db.ts';
import { createJobStore } from '../jobStore.ts';

interface ClaimWorkerData {
	dbUrl: string;
	/** Int32Array over a SharedArrayBuffer: [0] is 1 once every worker may start. */
	barrier: Int32Array;
}

const { dbUrl, barrier } = workerData as ClaimWorkerData;
const db = await openDatabase(dbUrl);
const jobs = createJobStore(db);
parentPort?.postMessage({ type: 'ready' });
Atomics.wait(barrier, 0, 0);

const claimed: string[] = [];
for (let job = await jobs.claimNext(); job !== undefined; job = await jobs.claimNext()) {
	claimed.push(job.id);
}
db.close();
parentPort?.postMessage({ type: 'done', claimed });
