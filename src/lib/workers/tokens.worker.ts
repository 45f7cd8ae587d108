/**
 * The token worker: counts message tokens with the model's exact encoding off the main
 * thread. It only exposes the service; the logic lives in tokens/counting.ts.
 */
import { expose } from 'comlink';
import { createTokenCountService } from './tokens/counting.ts';

expose(createTokenCountService());
