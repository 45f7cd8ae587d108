// Tiers and the features each unlocks: the one table the edge enforces and the app reads
// (decision 0010). Local models (WebGPU, your own endpoints) are everyone's; what costs the
// server money or a runner's GPU is gated here. zod/mini: the signed-in user's tier is
// checked as the app opens (decision 0022).
import * as z from 'zod/mini';

export const tierSchema = z.enum(['free', 'premium', 'admin'], { error: 'Choose a tier: free, premium or admin.' });
export type Tier = z.infer<typeof tierSchema>;
export const TIERS: readonly Tier[] = tierSchema.options;

export const featureSchema = z.enum(['localModels', 'serverModels', 'imageGeneration', 'agentTools']);
export type Feature = z.infer<typeof featureSchema>;

const FEATURES_BY_TIER: Record<Tier, readonly Feature[]> = {
	free: ['localModels', 'serverModels'],
	premium: ['localModels', 'serverModels', 'imageGeneration', 'agentTools'],
	admin: ['localModels', 'serverModels', 'imageGeneration', 'agentTools']
};

/** Every feature, with whether `tier` may use it. */
export function features(tier: Tier): Record<Feature, boolean> {
	const allowed = new Set(FEATURES_BY_TIER[tier]);
	return Object.fromEntries(featureSchema.options.map((feature) => [feature, allowed.has(feature)])) as Record<Feature, boolean>;
}

/** The lowest tier that has `feature`, for messages like "needs Premium". */
export function lowestTierWith(feature: Feature): Tier {
	return TIERS.find((tier) => FEATURES_BY_TIER[tier].includes(feature)) ?? 'admin';
}

export const FEATURE_LABELS: Record<Feature, string> = {
	localModels: 'Local models',
	serverModels: 'Server-held models',
	imageGeneration: 'Image generation',
	agentTools: 'Agent tools'
};

/** Said next to a feature the app has no control for yet, so the tier table does not overpromise. */
export const FEATURE_NOTES: Partial<Record<Feature, string>> = {
	imageGeneration: 'through the API: POST /api/images',
	agentTools: 'not offered by this server yet'
};

export const TIER_LABELS: Record<Tier, string> = { free: 'Free', premium: 'Premium', admin: 'Admin' };
