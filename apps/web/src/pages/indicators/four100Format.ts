/** A rate 0…1 as people read it: 100%, 87.5%, 0% (one decimal, none when whole). */
export function percent(rate: number): string {
  const p = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** The address of the indicators page for a unit (and an indicator whose failing schools are open). */
export function indicatorsLink(unitId?: string, code?: string): string {
  const q = new URLSearchParams();
  if (unitId) q.set('unitId', unitId);
  if (code) q.set('code', code);
  const s = q.toString();
  return s ? `/indicators?${s}` : '/indicators';
}

export const schoolSecurityLink = (schoolId: string) => `/registries/guards/schools/${schoolId}`;
