// Build-time defaults of the on-device model settings (Vite env), apart from the runtime's
// WebAssembly addresses so a settings page can read them without pulling those assets in.
import type { ModelDefaults } from './transformersConfig.ts';

/** `VITE_ATRIUM_MODEL_HOST` / `VITE_ATRIUM_EMBEDDING_MODEL` at build time, over the Hub and MiniLM. */
export const MODEL_DEFAULTS: ModelDefaults = {
	host: import.meta.env.VITE_ATRIUM_MODEL_HOST as string | undefined,
	embeddingModel: import.meta.env.VITE_ATRIUM_EMBEDDING_MODEL as string | undefined
};
