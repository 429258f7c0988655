// The province-sized dataset of the hazard-ledger benchmark, in a real PostgreSQL:
// districts, schools, people and teams; hazards over three years with their histories
// (driven through the domain state machine), the evidence file rows and a sample of real
// JPEGs. Streaming COPY with the secondary indexes and foreign keys dropped around the
// load, then VACUUM ANALYZE. Run alone with `npm run bench:generate`.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { projectHazard } from '../apps/server/src/features/hazards/hazard.repository.js';
import { hashPassword } from '../apps/server/src/features/auth/password.js';
import { CopyWriter, intArray, textArray } from './lib/copy.js';
import { DATASET_FILE, DATA_DIR, FILES_DIR, openServer, recreateDatabase, say, sizesFromEnv, writeJson, type BenchDatabase, type Sizes } from './lib/env.js';
import { writeImages, type StoredImage } from './lib/images.js';
import { planOrg, insertOrg, type Org, type School } from './lib/org.js';
import { hazardSource, type GeneratedHazard } from './lib/hazards.js';
import { loadInspections, type InspectionLoad } from './lib/inspections.js';
import { loadReports, reportSizes, type ReportLoad } from './lib/reports.js';
import { mulberry32, type Rng } from '../apps/server/src/demo/hazard-generator.js';

export const BENCH_PASSWORD = 'Bench@2026';

export type Phase = { name: string; seconds: number; rows?: number; rowsPerSecond?: number; note?: string };
export type Dataset = {
  sizes: Sizes;
  createdAt: string;
  database: { kind: string; name: string };
  counts: Record<string, number>;
  phases: Phase[];
  totalSeconds: number;
  org: Pick<Org, 'logins'> & {
    bigDistrict: { bureauId: number; name: string; schools: number; path: string };
    typicalDistrict: { bureauId: number; name: string; schools: number; path: string };
    bigSchool: { id: number; name: string; path: string; campusIds: number[] };
  };
  passwordForBenchUsers: string;
  tableSizes: Record<string, string>;
  /** Bytes per table (heap incl. TOAST, indexes) for the storage figures; absent in older datasets. */
  storage?: Record<string, { rows: number; bytes: number; heapBytes: number; indexBytes: number }>;
  inspections?: InspectionLoad | null;
  reports?: ReportLoad | null;
};

class Phases {
  readonly list: Phase[] = [];
  async run<T>(name: string, fn: () => Promise<T>, rows?: (r: T) => number | undefined, note?: string): Promise<T> {
    const t0 = performance.now();
    say(`${name} …`);
    const r = await fn();
    const seconds = (performance.now() - t0) / 1000;
    const n = rows?.(r);
    const p: Phase = { name, seconds: round(seconds, 2), ...(n !== undefined ? { rows: n, rowsPerSecond: Math.round(n / seconds) } : {}), ...(note ? { note } : {}) };
    this.list.push(p);
    say(`${name}: ${p.seconds} s${n !== undefined ? ` (${n.toLocaleString('en')} rows, ${p.rowsPerSecond!.toLocaleString('en')} rows/s)` : ''}`);
    return r;
  }
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** The secondary indexes and foreign keys of the bulk-loaded tables, captured so they come back exactly. */
async function captureLoadDdl(c: pg.ClientBase): Promise<{ indexes: { name: string; def: string }[]; fks: { table: string; name: string; def: string }[] }> {
  const tables = ['hazard', 'hazard_event', 'file_object', 'inspection', 'inspection_result', 'supervision_visit', 'report_submission', 'report_submission_version'];
  const idx = await c.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      WHERE t.relname = ANY($1) AND NOT x.indisprimary AND NOT x.indisunique ORDER BY t.relname, i.relname`,
    [tables],
  );
  const fks = await c.query<{ table: string; name: string; def: string }>(
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY($1) ORDER BY 1, 2`,
    [tables],
  );
  return { indexes: idx.rows, fks: fks.rows };
}

/** Days of the ledger's time span with their share of hazards: term time busy, holidays and weekends quiet, growing use. */
function dayWeights(years: number, endDate: Date): { date: Date; weight: number }[] {
  const days: { date: Date; weight: number }[] = [];
  const total = Math.round(years * 365.25);
  for (let i = total - 1; i >= 0; i--) {
    const d = new Date(endDate.getTime() - i * 86_400_000);
    const month = d.getUTCMonth() + 1;
    const dow = d.getUTCDay();
    let w = dow === 0 || dow === 6 ? 0.25 : 1;
    if (month === 7 || month === 8) w *= 0.35; // summer holidays
    if (month === 1 || month === 2) w *= 0.55; // winter holidays, Spring Festival
    if (month === 3 || month === 9) w *= 1.4; // start of term: 开学安全检查
    if (month === 6 || month === 12) w *= 1.15; // flood season, winter fire checks
    w *= 0.7 + 0.6 * ((total - i) / total); // more use each year
    days.push({ date: d, weight: w });
  }
  return days;
}

/** Cumulative school weights, for picking a school in proportion to its weight. */
function schoolPicker(schools: School[]): (rng: Rng) => School {
  const cum = new Float64Array(schools.length);
  let acc = 0;
  schools.forEach((s, i) => (cum[i] = acc += s.weight));
  return (rng) => {
    const x = rng() * acc;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return schools[lo]!;
  };
}

const HAZARD_COLUMNS = [
  'id', 'version', 'doc', 'unit_id', 'unit_path', 'school_id', 'state', 'domain', 'grade', 'source', 'title', 'description', 'location',
  'owner', 'found_at', 'due_date', 'funds_fen', 'listed', 'escalated', 'fixed_on_spot', 'reported_by', 'reported_at', 'closed_at', 'created_at', 'updated_at',
];
const EVENT_COLUMNS = ['hazard_id', 'at', 'actor_user_id', 'actor_role', 'action', 'from_state', 'to_state', 'comment', 'changed_fields', 'file_ids'];
const FILE_COLUMNS = ['id', 'sha256', 'kind', 'mime', 'size_bytes', 'original_name', 'width', 'height', 'thumb_sha256', 'unit_id', 'unit_path', 'uploaded_by', 'uploaded_at'];

async function loadHazards(
  pool: pg.Pool,
  org: Org,
  sizes: Sizes,
  images: StoredImage[],
): Promise<{ hazards: number; events: number; files: number; states: Record<string, number> }> {
  const rng = mulberry32(sizes.seed ^ 0x9e3779b9);
  const [ch, ce, cf] = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
  try {
    for (const c of [ch, ce, cf]) await c.query('SET synchronous_commit = off');
    const wh = new CopyWriter(ch, 'hazard', HAZARD_COLUMNS);
    const we = new CopyWriter(ce, 'hazard_event', EVENT_COLUMNS);
    const wf = new CopyWriter(cf, 'file_object', FILE_COLUMNS);
    const source = hazardSource(org, sizes);
    const pickSchool = schoolPicker(org.schools);
    const days = dayWeights(sizes.years, new Date());
    const totalWeight = days.reduce((a, d) => a + d.weight, 0);
    const states: Record<string, number> = {};
    let id = 0;
    let fileId = 0;
    let carry = 0;
    let events = 0;
    const t0 = performance.now();
    let lastLog = t0;
    for (const day of days) {
      const exact = (sizes.hazards * day.weight) / totalWeight + carry;
      let n = Math.floor(exact);
      carry = exact - n;
      if (day === days[days.length - 1]) n = sizes.hazards - id;
      for (let k = 0; k < n; k++) {
        const school = pickSchool(rng);
        const g: GeneratedHazard = source.next(rng, school, day.date, () => String(++fileId));
        id++;
        const h = g.doc;
        const p = projectHazard(h, { path: school.path, schoolId: String(school.id) });
        states[h.state] = (states[h.state] ?? 0) + 1;
        const last = g.events[g.events.length - 1]!;
        await wh.write([
          id, g.version, JSON.stringify(h), p.unit_id, p.unit_path, p.school_id, p.state, p.domain, p.grade, p.source, p.title, p.description, p.location,
          p.owner, p.found_at, p.due_date, p.funds_fen, p.listed, p.escalated, p.fixed_on_spot, p.reported_by, p.reported_at, p.closed_at, h.reportedAt, last.at,
        ]);
        for (const e of g.events) {
          events++;
          await we.write([id, e.at, e.actorUserId, e.actorRole, e.action, e.from, e.to, e.comment, textArray(e.changedFields), intArray(e.fileIds)]);
        }
        // Every referenced photo gets its row; its bytes are one of the real JPEGs (blobs are shared, as identical uploads are).
        for (const f of g.files) {
          const img = images[Number(f.fileId) % images.length]!;
          await wf.write([
            f.fileId, img.sha256, f.kind, 'image/jpeg', img.sizeBytes, f.originalName, img.width, img.height, img.thumbSha256, p.unit_id, p.unit_path, f.uploadedBy, f.uploadedAt,
          ]);
        }
      }
      const now = performance.now();
      if (now - lastLog > 15_000) {
        lastLog = now;
        say(`  … ${id.toLocaleString('en')} hazards, ${events.toLocaleString('en')} events, ${wf.rows.toLocaleString('en')} files (${Math.round(id / ((now - t0) / 1000)).toLocaleString('en')} hazards/s)`);
      }
    }
    const [, , files] = await Promise.all([wh.end(), we.end(), wf.end()]);
    return { hazards: id, events, files, states };
  } finally {
    ch.release();
    ce.release();
    cf.release();
  }
}

/** Generates the dataset into a fresh bench database; the caller owns the server. */
export async function generate(db: BenchDatabase, sizes = sizesFromEnv()): Promise<Dataset> {
  const t0 = performance.now();
  const phases = new Phases();
  say(`dataset: ${sizes.schools.toLocaleString('en')} schools in ${sizes.districts} districts, ${sizes.hazards.toLocaleString('en')} hazards over ${sizes.years} years, ${sizes.images.toLocaleString('en')} real photos (seed ${sizes.seed})`);
  await phases.run('database: drop, create, migrate', () => recreateDatabase(db));
  const pool = new pg.Pool({ connectionString: db.adminUrl, max: 4 });
  try {
    const rng = mulberry32(sizes.seed);
    const plan = planOrg(rng, { schools: sizes.schools, districts: sizes.districts });
    const org = plan.org;
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    await phases.run('organisation: units, users, teams', async () => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await insertOrg(c, plan, passwordHash);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
      return org.unitCount + org.userCount;
    }, (n) => n);

    fs.rmSync(FILES_DIR, { recursive: true, force: true });
    const images = await phases.run('photos: real JPEGs + thumbnails (sharp)', () => writeImages(FILES_DIR, sizes.images, mulberry32(sizes.seed + 7)), (r) => r.length * 2);

    const ddl = await (async () => {
      const c = await pool.connect();
      try {
        return await captureLoadDdl(c);
      } finally {
        c.release();
      }
    })();
    await phases.run('drop secondary indexes and foreign keys of hazard, hazard_event, file_object, inspection, inspection_result, supervision_visit, report_submission, report_submission_version', async () => {
      const c = await pool.connect();
      try {
        for (const f of ddl.fks) await c.query(`ALTER TABLE ${f.table} DROP CONSTRAINT ${f.name}`);
        for (const i of ddl.indexes) await c.query(`DROP INDEX ${i.name}`);
      } finally {
        c.release();
      }
    });

    const loaded = await phases.run('hazards + events + files: generate and COPY', () => loadHazards(pool, org, sizes, images), (r) => r.hazards + r.events + r.files, 'three COPY streams at once; rows = hazards + events + file rows');
    say(`  states: ${JSON.stringify(loaded.states)}`);

    let inspections: InspectionLoad | null = null;
    if (sizes.inspectionSchools > 0) {
      inspections = await phases.run(
        'inspections: checklists, points, self-checks + results, visits: generate and COPY',
        () => loadInspections(pool, org, { schools: sizes.inspectionSchools, days: sizes.inspectionDays, seed: sizes.seed }, mulberry32(sizes.seed ^ 0x5eed), say),
        (r) => r.points + r.inspections + r.results + r.visits,
        'rows = points + inspections + item results + visits; inspection and inspection_result COPY at once',
      );
      say(`  inspections: ${JSON.stringify(inspections)}`);
    }

    let reports: ReportLoad | null = null;
    const rs = reportSizes();
    if (rs.enabled) {
      reports = await phases.run(
        `reports: 4 report types per district, ${rs.years} years of submissions + versions: generate and COPY`,
        () => loadReports(pool, org, mulberry32(sizes.seed ^ 0x7e9047), { years: rs.years }, say),
        (r) => r.submissions + r.versions,
        'rows = submissions + versions; two COPY streams at once',
      );
      say(`  reports: ${JSON.stringify(reports)}`);
    }

    const c = await pool.connect();
    try {
      await c.query(`SET maintenance_work_mem = '1GB'`);
      await c.query('SET max_parallel_maintenance_workers = 1');
      for (const t of ['hazard', 'hazard_event', 'file_object']) {
        await c.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), greatest(1, (SELECT coalesce(max(id), 0) FROM ${t})))`);
      }
      for (const i of ddl.indexes) await phases.run(`index ${i.name}`, () => c.query(i.def));
      for (const f of ddl.fks) await phases.run(`foreign key ${f.name}`, () => c.query(`ALTER TABLE ${f.table} ADD CONSTRAINT ${f.name} ${f.def}`));
      await phases.run('VACUUM ANALYZE', () => c.query('VACUUM (ANALYZE)'));
    } finally {
      c.release();
    }

    const counts: Record<string, number> = {};
    const tableSizes: Record<string, string> = {};
    const storage: Record<string, { rows: number; bytes: number; heapBytes: number; indexBytes: number }> = {};
    for (const t of ['unit', 'app_user', 'supervision_team', 'supervision_team_member', 'supervision_team_school', 'hazard', 'hazard_event', 'file_object',
      'checklist', 'checklist_version', 'inspection_point', 'inspection_point_checklist', 'inspection', 'inspection_result', 'supervision_visit',
      'report_type', 'report_submission', 'report_submission_version']) {
      const r = await pool.query<{ n: string; size: string; bytes: string; heap: string; idx: string }>(
        `SELECT count(*) AS n, pg_size_pretty(pg_total_relation_size('${t}')) AS size, pg_total_relation_size('${t}') AS bytes,
                pg_table_size('${t}') AS heap, pg_indexes_size('${t}') AS idx FROM ${t}`,
      );
      counts[t] = Number(r.rows[0]!.n);
      tableSizes[t] = r.rows[0]!.size;
      storage[t] = { rows: counts[t], bytes: Number(r.rows[0]!.bytes), heapBytes: Number(r.rows[0]!.heap), indexBytes: Number(r.rows[0]!.idx) };
    }
    const dbSize = await pool.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`);
    tableSizes.database = dbSize.rows[0]!.s;

    const big = org.districts[0]!;
    const typical = org.districts[Math.min(1, org.districts.length - 1)]!;
    const bigSchool = org.schools.find((s) => s.adminUserId === org.logins.bigSchoolAdmin.userId)!;
    const dataset: Dataset = {
      sizes,
      createdAt: new Date().toISOString(),
      database: { kind: db.kind, name: new URL(db.adminUrl).pathname.slice(1) },
      counts: { ...counts, realPhotos: images.length, photoBlobsOnDisk: images.length * 2, ...Object.fromEntries(Object.entries(loaded.states).map(([k, v]) => [`state.${k}`, v])) },
      phases: phases.list,
      totalSeconds: round((performance.now() - t0) / 1000, 1),
      org: {
        logins: org.logins,
        bigDistrict: { bureauId: big.bureauId, name: big.name, schools: big.schools.length, path: String(big.bureauId) },
        typicalDistrict: { bureauId: typical.bureauId, name: typical.name, schools: typical.schools.length, path: String(typical.bureauId) },
        bigSchool: { id: bigSchool.id, name: bigSchool.name, path: bigSchool.path, campusIds: bigSchool.campuses.map((x) => x.id) },
      },
      passwordForBenchUsers: BENCH_PASSWORD,
      tableSizes,
      storage,
      inspections,
      reports,
    };
    writeJson(DATASET_FILE, dataset);
    say(`dataset ready in ${dataset.totalSeconds} s: ${JSON.stringify(dataset.counts)}; sizes ${JSON.stringify(tableSizes)}`);
    if (counts.inspection_result) {
      const perMillion = (t: string) => (storage[t]!.bytes / counts.inspection_result!) * 1e6;
      say(`  storage per million item results: inspection_result ${(perMillion('inspection_result') / 2 ** 20).toFixed(1)} MiB, with its inspection rows ${((perMillion('inspection_result') + perMillion('inspection')) / 2 ** 20).toFixed(1)} MiB`);
    }
    return dataset;
  } finally {
    await pool.end();
  }
}

export function readDataset(): Dataset | undefined {
  try {
    return JSON.parse(fs.readFileSync(DATASET_FILE, 'utf8')) as Dataset;
  } catch {
    return undefined;
  }
}

// `npm run bench:generate`: generate and keep the database (for `npm run bench:run`).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const db = await openServer();
  try {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    await generate(db);
  } finally {
    await db.stop();
  }
}
