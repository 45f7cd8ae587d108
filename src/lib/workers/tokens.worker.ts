/**
 * The token worker: counts message tokens with the model's exact encoding off the main
 * thread, and plans the context budget line's figures (decision 0029). It only exposes the
 * services; the logic lives in tokens/counting.ts and tokens/planning.ts, which share the
 * counts held here.
 */
import { expose } from 'comlink';
import { createWorkerCounts, createTokenCountService } from './tokens/counting.ts';
import { createBudgetService } from './tokens/planning.ts';

const counts = createWorkerCounts();
expose({ ...createTokenCountService(counts), ...createBudgetService(counts) });
