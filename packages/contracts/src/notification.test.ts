import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KIND_LABELS } from './notification.js';

/** Every kind the server writes (a `kind: '…'` or a kinds table in a file that writes notifications) has a Chinese label. */
function serverSources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return serverSources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('notification kinds', () => {
  it('label every kind the server writes', () => {
    const root = path.resolve(import.meta.dirname, '../../../apps/server/src');
    const written = new Set<string>();
    for (const file of serverSources(root)) {
      const text = readFileSync(file, 'utf8');
      // Notification rows carry a dedupe key; only the files that write them are read.
      if (!text.includes('dedupeKey')) continue;
      for (const m of text.matchAll(/kind: '([a-z_0-9]+)'/g)) written.add(m[1]!);
      // A feature's table of kinds, e.g. REPORT_NOTIFICATION_KINDS = { dueSoon: 'report_due_soon', … }.
      for (const table of text.matchAll(/NOTIFICATION_KINDS = \{([^}]*)\}/g)) for (const m of table[1]!.matchAll(/'([a-z_0-9]+)'/g)) written.add(m[1]!);
    }
    expect(written).toContain('report_returned');
    expect(written).toContain('visit_feedback');
    for (const k of written) expect(NOTIFICATION_KIND_LABELS, k).toHaveProperty(k);
  });
});
