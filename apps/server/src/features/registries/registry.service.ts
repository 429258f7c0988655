import { shanghaiDate, type HazardDomain } from '@xiaoan/domain';
import type { Db, Trx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notify } from '../../kernel/notifier.js';
import { listHazardInTransaction, registerHazard } from '../hazards/index.js';
import {
  WATCH_ACCOUNT_NAME,
  ensureWatchAccount,
  findBureauOfSchool,
  findRegistryHazard,
  findRegistryHazardsOf,
  insertRegistryHazard,
  lockRegistryCause,
  watchUsername,
  type RegistryHazardLink,
} from './registry.repository.js';

/**
 * The registries' shared base: a registry record that goes wrong opens a hazard at its school,
 * linked back to the record and never opened twice for the same cause; a document about to
 * expire sends its school's admins a reminder. Every registry feature (chemicals, fleet, guards,
 * buildings …) calls these inside its own command's transaction, or from its daily sweep.
 */

export type RegistryHazardInput = {
  /** The school (or campus) the record belongs to. */
  schoolId: string;
  /** The registry's kind in kebab-case, e.g. 'vehicle', 'chemical-store', 'building'. */
  kind: string;
  recordId: string;
  /** The occurrence: stable for one lapse (e.g. `expired:licence:2027-01-05`, `reconcile:17`, `grade-d-in-use`). */
  cause: string;
  /** What the record is, for people: '校车 苏D·12345', '化学药品柜 A'. */
  label: string;
  title: string;
  description: string;
  location?: string;
  domain: HazardDomain;
  grade: 'general' | 'major';
  /** Major only: also 挂牌督办 by the bureau (in the watch account's name). */
  listed?: boolean;
};

/** Each registry's daily watch (jobs/registry-sweep.ts runs every one once a day). */
export type RegistrySweep = (db: Db, now: Date) => Promise<{ reminders: number; hazards: number }>;

/** The request context of the bureau's watch account (台账自动监测), covering the whole district. */
export async function watchContext(trx: Trx, schoolId: string, now: Date): Promise<RequestContext> {
  const bureau = await findBureauOfSchool(trx, schoolId);
  if (!bureau) throw new Error(`unit ${schoolId} has no bureau`);
  const userId = await ensureWatchAccount(trx, bureau.id);
  return {
    actor: { userId, username: watchUsername(bureau.id), displayName: WATCH_ACCOUNT_NAME, role: 'bureau_staff', unitId: bureau.id, unitPath: bureau.path, departmentId: null },
    scope: { unitPaths: [bureau.path] },
    ip: '',
    requestId: `registry-watch-${now.getTime()}`,
    reauthAt: now,
  };
}

/**
 * Opens (上报, 自查) a hazard at the record's school for this cause, or returns the one it
 * opened before (`created: false`). With `ctx` the user whose action found it reports it;
 * without, the bureau's watch account. `listed` lists a major hazard for supervision.
 */
export async function openRegistryHazard(trx: Trx, input: RegistryHazardInput, now: Date, ctx?: RequestContext): Promise<{ hazardId: string; created: boolean }> {
  await lockRegistryCause(trx, input.kind, input.recordId, input.cause);
  const existing = await findRegistryHazard(trx, input.kind, input.recordId, input.cause);
  if (existing) return { hazardId: existing, created: false };
  const watch = ctx && !input.listed ? undefined : await watchContext(trx, input.schoolId, now);
  const reporter = ctx ?? watch!;
  const hazardId = await registerHazard(
    trx,
    reporter,
    {
      unitId: input.schoolId,
      domain: input.domain,
      grade: input.grade,
      source: 'self',
      title: input.title.slice(0, 200),
      description: `${input.description}\n（由安全台账“${input.label}”自动发现）`.slice(0, 4000),
      location: input.location?.slice(0, 200),
      foundAt: shanghaiDate(now),
      foundBy: reporter.actor.displayName.slice(0, 100),
    },
    now,
  );
  if (input.listed && input.grade === 'major') await listHazardInTransaction(trx, watch!, hazardId, `安全台账：${input.label}，${input.title}`.slice(0, 2000), now);
  await insertRegistryHazard(trx, { schoolId: input.schoolId, kind: input.kind, recordId: input.recordId, cause: input.cause, label: input.label, hazardId });
  return { hazardId, created: true };
}

/** A reminder ahead of an expiry (or a missing monthly record) to the school's admins, once per (kind, record, cause). */
export async function remindRegistry(
  trx: Trx,
  input: { schoolId: string; kind: string; recordId: string; cause: string; title: string; body?: string; link: string },
): Promise<number> {
  const { written } = await notify(trx, { action: 'registry.expiring', reminder: input });
  return written;
}

/** The hazards a record opened (its detail page lists them). */
export async function registryHazardsOf(db: Db | Trx, kind: string, recordId: string): Promise<RegistryHazardLink[]> {
  return findRegistryHazardsOf(db, kind, recordId);
}
