import { addDays, certificateCause, certificateState, shanghaiDate, CERTIFICATE_WARNING_DAYS } from '@xiaoan/domain';
import type { Db } from '../../db/database.js';
import { openRegistryHazard, remindRegistry, type RegistrySweep } from '../registries/index.js';
import { findGuardsExpiringBy } from './guard.repository.js';
import { GUARD_KIND } from './guard.service.js';

/**
 * The guards' daily watch (jobs/registry-sweep.ts): an on-post guard whose certificate expires
 * within 30 days reminds the school's admins once per expiry date; one whose certificate has
 * expired (its expiry day before today in Beijing) opens a hazard at the school, once per expiry
 * date (a renewed certificate that lapses again is a new cause). Each guard in its own
 * transaction, so one bad record does not hold up the rest.
 */
export const sweepGuards: RegistrySweep = async (db: Db, now: Date) => {
  const today = shanghaiDate(now);
  let reminders = 0;
  let hazards = 0;
  for (const g of await findGuardsExpiringBy(db, addDays(today, CERTIFICATE_WARNING_DAYS))) {
    const state = certificateState(g.certificate_expires_on, today);
    if (state === 'valid') continue;
    await db.transaction().execute(async (trx) => {
      const cause = certificateCause(state, g.certificate_expires_on);
      if (state === 'expiring') {
        reminders += await remindRegistry(trx, {
          schoolId: g.unit_id,
          kind: GUARD_KIND,
          recordId: g.id,
          cause,
          title: `保安员 ${g.name} 的保安员证将于 ${g.certificate_expires_on} 到期`,
          body: `${g.school_name}：请在到期前办理换证，并在保安员台账中更新有效期。`,
          link: `/registries/guards/${g.id}`,
        });
        return;
      }
      const r = await openRegistryHazard(
        trx,
        {
          schoolId: g.unit_id,
          kind: GUARD_KIND,
          recordId: g.id,
          cause,
          label: `保安员 ${g.name}`,
          title: `保安员 ${g.name} 的保安员证已过期（${g.certificate_expires_on}）仍在岗`,
          description: `保安员 ${g.name}（证号 ${g.certificate_no}）的保安员证有效期至 ${g.certificate_expires_on}，已过期，不符合持证上岗要求。请立即换证或调整岗位，并更新保安员台账。`,
          domain: 'security',
          grade: 'general',
        },
        now,
      );
      if (r.created) hazards += 1;
    });
  }
  return { reminders, hazards };
};
