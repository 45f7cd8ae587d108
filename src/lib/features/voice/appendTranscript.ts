// Where a transcript goes in the composer: its own module, so the composer carries only this
// and the commands load with the voice input on the mic's first press (decision 0038).

/** Adds a transcript after what is already typed, never replacing it. */
export function appendTranscript(existing: string, transcript: string): string {
	const spoken = transcript.trim();
	if (!spoken) return existing;
	if (!existing.trim()) return existing + spoken;
	return /\s$/.test(existing) ? existing + spoken : `${existing} ${spoken}`;
}
