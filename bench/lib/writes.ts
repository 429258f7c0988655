// The write scenarios' own school and login, and removing what a run wrote.
import pg from 'pg';
import { hashPassword } from '../../apps/server/src/features/auth/password.js';
import type { Dataset } from '../generate.js';
import { say } from './env.js';

/**
 * The admin of the big district's second-biggest school becomes `bench_writer`: the write
 * scenarios report and act there, away from the school whose ledger (a) reads.
 */
export async function prepareWriter(admin: pg.Pool, ds: Dataset): Promise<{ id: number; path: string }> {
  const r = await admin.query<{ id: string; path: string }>(
    `SELECT h.school_id AS id, min(h.unit_path::text) AS path FROM hazard h
      WHERE h.unit_path <@ $1::ltree AND h.school_id <> $2 AND h.unit_id = h.school_id
      GROUP BY h.school_id ORDER BY count(*) DESC LIMIT 1`,
    [ds.org.bigDistrict.path, ds.org.bigSchool.id],
  );
  const school = { id: Number(r.rows[0]!.id), path: r.rows[0]!.path };
  const hash = await hashPassword(ds.passwordForBenchUsers);
  await admin.query(`UPDATE app_user SET username = NULL WHERE username = 'bench_writer' AND unit_id <> $1`, [school.id]);
  await admin.query(
    `UPDATE app_user SET username = 'bench_writer', password_hash = $2, password_changed_at = now()
      WHERE id = (SELECT min(id) FROM app_user WHERE unit_id = $1 AND role = 'school_admin')`,
    [school.id, hash],
  );
  return school;
}

/**
 * Removes what a run wrote (hazards after the generated ids, and their history), so every
 * run starts from the generated ledger. The history is append-only for the application;
 * the owner lifts that here for the bench database only.
 */
export async function resetWrites(admin: pg.Pool, ds: Dataset): Promise<void> {
  const c = await admin.connect();
  try {
    // Inspections a run submitted (after the generated ids), and their results: immutable for the app.
    const generated = ds.inspections?.inspections ?? 0;
    const ni = await c.query<{ n: string }>('SELECT count(*) AS n FROM inspection WHERE id > $1', [generated]);
    if (Number(ni.rows[0]!.n) > 0) {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      // The schedule counters of the points a run checked, recounted from what remains.
      const touched = await c.query<{ point_id: string }>('SELECT DISTINCT point_id FROM inspection WHERE id > $1 AND point_id IS NOT NULL', [generated]);
      const points = touched.rows.map((r) => r.point_id);
      await c.query('DELETE FROM inspection_result WHERE inspection_id > $1', [generated]);
      await c.query('DELETE FROM inspection WHERE id > $1', [generated]);
      if (points.length) {
        await c.query('DELETE FROM inspection_period_done WHERE point_id = ANY($1::bigint[])', [points]);
        await c.query(
          `INSERT INTO inspection_period_done (point_id, period_key)
             SELECT DISTINCT point_id, period_key FROM inspection WHERE point_id = ANY($1::bigint[]) AND period_key IS NOT NULL`,
          [points],
        );
        const units = await c.query<{ unit_id: string }>('SELECT DISTINCT unit_id FROM inspection_point WHERE id = ANY($1::bigint[])', [points]);
        const unitIds = units.rows.map((r) => r.unit_id);
        await c.query('DELETE FROM inspection_done_day WHERE unit_id = ANY($1::bigint[])', [unitIds]);
        await c.query(
          `INSERT INTO inspection_done_day (unit_id, period_end, school_id, done)
             SELECT unit_id, period_end, school_id, count(DISTINCT (point_id, period_key)) FROM inspection
              WHERE unit_id = ANY($1::bigint[]) AND period_key IS NOT NULL GROUP BY unit_id, period_end, school_id`,
          [unitIds],
        );
      }
      await c.query('COMMIT');
      await c.query('VACUUM (ANALYZE) inspection, inspection_result');
      say(`removed ${ni.rows[0]!.n} inspections written by a run, and their results`);
    }
    const n = await c.query<{ n: string }>('SELECT count(*) AS n FROM hazard WHERE id > $1', [ds.sizes.hazards]);
    if (Number(n.rows[0]!.n) === 0) return;
    await c.query('BEGIN');
    await c.query('SET LOCAL session_replication_role = replica');
    await c.query('DELETE FROM hazard_event WHERE hazard_id > $1', [ds.sizes.hazards]);
    await c.query('DELETE FROM hazard WHERE id > $1', [ds.sizes.hazards]);
    await c.query('COMMIT');
    await c.query('VACUUM (ANALYZE) hazard, hazard_event');
    say(`removed ${n.rows[0]!.n} hazards written by a run, and their history`);
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}
