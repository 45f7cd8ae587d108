// Vite's `?raw` imports (a file's text), which the workerd tests use to read build inputs such as _headers.
declare module '*?raw' {
	const text: string;
	export default text;
}
