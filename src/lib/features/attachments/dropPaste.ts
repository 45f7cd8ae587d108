/** The files in a drop or paste (a pasted screenshot arrives as a file named image.png). */
export function filesFrom(data: DataTransfer | null | undefined): File[] {
	if (!data) return [];
	const files = Array.from(data.files);
	if (files.length > 0) return files;
	return Array.from(data.items)
		.filter((item) => item.kind === 'file')
		.map((item) => item.getAsFile())
		.filter((file): file is File => file !== null);
}
