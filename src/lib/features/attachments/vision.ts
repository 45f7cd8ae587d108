import type { ModelGroup } from '../../providers/registry.ts';

/** Whether the model behind `key` reads images; a model not in the list is given the benefit of the doubt. */
export function canSee(groups: readonly ModelGroup[], key: string): boolean {
	for (const group of groups) {
		const choice = group.models.find((candidate) => candidate.key === key);
		if (choice) return choice.model.capabilities.vision;
	}
	return true;
}
