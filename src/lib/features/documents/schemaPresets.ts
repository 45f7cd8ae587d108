// Starting points for "Extract to JSON"; the user can edit them or write their own.

export interface SchemaPreset {
	id: string;
	label: string;
	schema: Record<string, unknown>;
}

export const SCHEMA_PRESETS: SchemaPreset[] = [
	{
		id: 'invoice',
		label: 'Invoice',
		schema: {
			type: 'object',
			properties: {
				invoiceNumber: { type: ['string', 'null'] },
				issuer: { type: ['string', 'null'] },
				date: { type: ['string', 'null'], description: 'ISO 8601 date' },
				currency: { type: ['string', 'null'] },
				total: { type: ['number', 'null'] },
				lineItems: { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, amount: { type: ['number', 'null'] } }, required: ['description'] } }
			},
			required: ['invoiceNumber', 'total']
		}
	},
	{
		id: 'contract',
		label: 'Contract',
		schema: {
			type: 'object',
			properties: {
				parties: { type: 'array', items: { type: 'string' } },
				effectiveDate: { type: ['string', 'null'] },
				termination: { type: ['string', 'null'] },
				obligations: { type: 'array', items: { type: 'string' } }
			},
			required: ['parties']
		}
	},
	{
		id: 'paper',
		label: 'Paper',
		schema: {
			type: 'object',
			properties: {
				title: { type: 'string' },
				authors: { type: 'array', items: { type: 'string' } },
				year: { type: ['integer', 'null'] },
				findings: { type: 'array', items: { type: 'string' } }
			},
			required: ['title']
		}
	}
];

export function presetText(id: string): string {
	const preset = SCHEMA_PRESETS.find((p) => p.id === id) ?? SCHEMA_PRESETS[0];
	return JSON.stringify(preset?.schema ?? { type: 'object' }, null, 2);
}
