// Saves a Blob as a file through a temporary object URL.

export function downloadBlob(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
	// The download has started by the time the click returns; give slow browsers a moment.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
