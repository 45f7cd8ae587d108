// Memory of a page's renderer process (the tab, and the dedicated workers it starts), read
// from /proc on Linux: the peak resident set (VmHWM) after resetting it, so a figure covers
// one step only. Renderer ids come from Chromium itself (SystemInfo.getProcessInfo), so other
// browsers on the machine are not counted.
import { readFile, writeFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';

interface ProcessInfo {
	type: string;
	id: number;
}

async function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
	return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
}

export interface RendererMemory {
	/** Call before the step: resets the peak and notes where it started. */
	start(): Promise<void>;
	/** After the step: resident MB at the start, the peak during the step, and the peak over the start. */
	stop(): Promise<{ startMB: number; peakMB: number; growthMB: number }>;
}

export async function rendererMemory(browser: Browser): Promise<RendererMemory> {
	const session = await browser.newBrowserCDPSession();
	const renderers = async (): Promise<number[]> => {
		const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] };
		return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
	};
	let pids: number[] = [];
	let startKb = 0;
	return {
		async start() {
			pids = await renderers();
			// Writing 5 to clear_refs resets the process's peak resident set (Linux 4.0+).
			await Promise.all(pids.map((pid) => writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined)));
			startKb = (await Promise.all(pids.map((pid) => statusKb(pid, 'VmRSS')))).reduce((a, b) => a + b, 0);
		},
		async stop() {
			const peakKb = (await Promise.all(pids.map((pid) => statusKb(pid, 'VmHWM')))).reduce((a, b) => a + b, 0);
			const mb = (kb: number) => Number((kb / 1024).toFixed(1));
			return { startMB: mb(startKb), peakMB: mb(peakKb), growthMB: mb(peakKb - startKb) };
		}
	};
}
