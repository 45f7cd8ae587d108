// The Durable Object behind the burst rate limit: one instance per client key, so every
// request from that client is counted in one place, in order. A thin shell around
// decideSlidingWindow() that keeps the window's hits in the object's SQLite storage.
import { DurableObject } from 'cloudflare:workers';
import { decideSlidingWindow, type RateDecision, type RateLimitPolicy } from './rateLimit.ts';

export class RateLimiter extends DurableObject {
	/**
	 * Counts one call if the policy allows it. Runs without an await, so concurrent calls
	 * for the same client cannot interleave between the read and the write.
	 */
	hit(policy: RateLimitPolicy): RateDecision {
		return this.hitAt(policy).decision;
	}

	/** Like hit(), and says when the call was counted, so it can be taken back with unhit(). */
	hitAt(policy: RateLimitPolicy): { decision: RateDecision; at: number } {
		const now = Date.now();
		const sql = this.ctx.storage.sql;
		// Created here rather than in the constructor because alarm() deletes everything.
		sql.exec('CREATE TABLE IF NOT EXISTS hits (at INTEGER NOT NULL)');
		sql.exec('DELETE FROM hits WHERE at <= ?', now - policy.windowMs);
		const hits = sql
			.exec<{ at: number }>('SELECT at FROM hits ORDER BY at')
			.toArray()
			.map((row) => row.at);
		const decision = decideSlidingWindow(hits, now, policy);
		if (decision.allowed) {
			sql.exec('INSERT INTO hits (at) VALUES (?)', now);
			// Clean up once the client goes quiet, so idle clients cost no storage.
			void this.ctx.storage.setAlarm(now + policy.windowMs);
		}
		return { decision, at: now };
	}

	/**
	 * Takes back one call counted at `at` (what hitAt() returned): for a call counted before
	 * it was known to count, such as a chat request whose body then failed validation.
	 */
	unhit(at: number): void {
		const sql = this.ctx.storage.sql;
		sql.exec('CREATE TABLE IF NOT EXISTS hits (at INTEGER NOT NULL)');
		sql.exec('DELETE FROM hits WHERE rowid = (SELECT rowid FROM hits WHERE at = ? LIMIT 1)', at);
	}

	/** How many calls the window holds now, without counting one (usage pages read this). */
	count(windowMs: number): number {
		const sql = this.ctx.storage.sql;
		sql.exec('CREATE TABLE IF NOT EXISTS hits (at INTEGER NOT NULL)');
		return sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM hits WHERE at > ?', Date.now() - windowMs).one().n;
	}

	override async alarm(): Promise<void> {
		// The alarm is pushed back by every hit, so when it fires the window is empty.
		await this.ctx.storage.deleteAll();
	}
}
