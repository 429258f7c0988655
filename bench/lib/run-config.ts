// The run's settings (environment, read once at start) and the shapes the runner's parts
// share: logins, scenarios, their SQL plans and the results file.
import type { Role } from '@xiaoan/domain';
import type { Dataset } from '../generate.js';
import type { LoadRequest } from './loadgen.js';
import type { ReportExtras } from './reports.js';
import type { Statement } from './sqlreplay.js';
import type { Summary } from './stats.js';

export const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
export const CONCURRENCY = num('BENCH_CONCURRENCY', 8);
export const DURATION_S = num('BENCH_DURATION', 20);
export const DURATION_1_S = num('BENCH_DURATION_SINGLE', 10);
export const WARMUP_S = num('BENCH_WARMUP', 3);
export const SQL_SECONDS = num('BENCH_SQL_SECONDS', 8);
export const WRITE_POOL = num('BENCH_WRITE_POOL', 12_000);

export type Login = { username: string; cookie: string; csrf: string; userId: string; role: Role };
export type Target = { kind: 'read' | 'search' | 'write'; p95Ms: number };

export type ScenarioResult = {
  key: string;
  title: string;
  as: string;
  request: string;
  target: Target;
  api: (Summary & { rps: number; concurrency: number; seconds: number; errors: number; statuses: Record<string, number>; errorSamples: string[] }) | null;
  apiSingle: (Summary & { rps: number }) | null;
  sql: (Summary & { statements: number }) | null;
  /** The same statements with the scope test written `<@ ANY($n::ltree[])`, which the GiST index can serve (see README). */
  sqlScopeAny: Summary | null;
  ratioP50: number | null;
  ratioP95: number | null;
  met: boolean | null;
  notes: string[];
  /** os.loadavg() when the scenario started: other work on the machine skews the figures. */
  loadAverage: string;
  explain?: { sql: string; plan: string };
  explainScopeAny?: { sql: string; plan: string };
};

export type ExportResult = {
  request: string;
  as: string;
  rows: number;
  runs: { seconds: number; bytes: number; status: number; maxRssMb: number }[];
  baselineRssMb: number;
  maxRssMb: number;
  medianSeconds: number;
  met: { time: boolean; rss: boolean };
} | { skipped: string };

export type RunResults = {
  date: string;
  machine: Record<string, string>;
  postgres: Record<string, string>;
  settings: Record<string, string | number>;
  dataset: Dataset;
  scenarios: ScenarioResult[];
  export: ExportResult;
  /** Reporting: province rates per district (SQL) and the roll-up download; null when the dataset has no reports. */
  reports?: ReportExtras | null;
  notes: string[];
};

export type Scenario = {
  key: string;
  title: string;
  who: Login;
  target: Target;
  order: 'random' | 'once';
  expect: number[];
  /** The requests of the concurrent run and of the single-connection run (writes need fresh hazards for each). */
  requests: { loaded: LoadRequest[]; single: LoadRequest[] };
  describe: string;
  /** Statement sequences to replay for the SQL figure, and how. */
  sql: () => Promise<SqlPlan>;
};

export type SqlPlan =
  | { kind: 'read'; sequences: Statement[][] }
  | { kind: 'write'; statements: Statement[]; capturedId: string | null; newIdOf?: string; newIdTable?: string; targets: (string | null)[] };
