// Wire shapes for the runner's job queue, shared by the app, the edge and the runner so all
// three validate one definition. Per-kind spec and result schemas arrive with each adapter.
import { z } from 'zod';

/** What a job asks the runner to do; one kind per adapter (ComfyUI, llama.cpp, whisper, sandbox). */
export const jobKindSchema = z.enum(['comfyui', 'llamacpp', 'whisper', 'sandbox']);
export type JobKind = z.infer<typeof jobKindSchema>;

/** queued → running → succeeded | failed; queued or running → cancelled. */
export const jobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** Statuses a job never leaves. */
export const TERMINAL_JOB_STATUSES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly JobStatus[];
export type TerminalJobStatus = (typeof TERMINAL_JOB_STATUSES)[number];

export function isTerminalJobStatus(status: JobStatus): status is TerminalJobStatus {
	return (TERMINAL_JOB_STATUSES as readonly JobStatus[]).includes(status);
}

/**
 * A job's input. Any JSON object for now: each adapter narrows it with its own schema, and
 * keeping the envelope open lets an older runner store a spec it cannot run yet.
 */
export const jobSpecSchema = z.record(z.string(), z.json());
export type JobSpec = z.infer<typeof jobSpecSchema>;

/** One job as stored by the runner and returned over the wire. Times are ISO 8601 (UTC). */
export const jobSchema = z.object({
	id: z.uuid(),
	kind: jobKindSchema,
	status: jobStatusSchema,
	spec: jobSpecSchema,
	/** The adapter's output once the job succeeded, otherwise null. */
	result: z.json().nullable(),
	/** A message fit to show a user once the job failed, otherwise null. */
	error: z.string().nullable(),
	/** Fraction done, 0..1; adapters report it while running, 1 once succeeded. */
	progress: z.number().min(0).max(1),
	createdAt: z.iso.datetime(),
	updatedAt: z.iso.datetime()
});
export type Job = z.infer<typeof jobSchema>;

/** The runner's `GET /health` body: liveness plus how busy its queue is. */
export const runnerHealthSchema = z.object({
	ok: z.literal(true),
	service: z.literal('atrium-gpu-runner'),
	version: z.string(),
	uptimeSeconds: z.number().int().nonnegative(),
	queue: z.object({
		queued: z.number().int().nonnegative(),
		running: z.number().int().nonnegative()
	})
});
export type RunnerHealth = z.infer<typeof runnerHealthSchema>;
