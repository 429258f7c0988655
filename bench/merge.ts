// Combines the results of partial runs (BENCH_ONLY=…) into one results file: scenarios of
// later files replace those of earlier ones by key, in the order of the scenario list.
// Usage: tsx bench/merge.ts <label> <results-1.json> <results-2.json> …
import fs from 'node:fs';
import path from 'node:path';
import { renderMarkdown, type RunResults } from './run.js';
import { RESULTS_DIR, today, writeJson } from './lib/env.js';

const [label, ...files] = process.argv.slice(2);
if (!label || files.length < 2) throw new Error('usage: tsx bench/merge.ts <label> <results-1.json> <results-2.json> …');
const parts = files.map((f) => ({ file: path.basename(f), r: JSON.parse(fs.readFileSync(f, 'utf8')) as RunResults }));
const ORDER = ['a', 'a2', 'b', 'b2', 'b3', 'c', 'd', 'e', 'f1', 'f2'];
const byKey = new Map<string, RunResults['scenarios'][number]>();
const notes: string[] = [];
for (const { file, r } of parts) {
  for (const s of r.scenarios) {
    byKey.set(s.key, s);
    if (JSON.stringify(r.settings) !== JSON.stringify(parts[0]!.r.settings)) s.notes.push(`measured in a separate run (${file}) with ${JSON.stringify(r.settings)}`);
  }
  notes.push(`part ${file}: ${r.scenarios.map((s) => s.key).join(', ')}${'skipped' in r.export ? '' : ', g'} at ${r.date}`);
}
const first = parts[0]!.r;
const merged: RunResults = {
  ...first,
  scenarios: [...byKey.values()].sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key)),
  export: parts.map((p) => p.r.export).find((e) => !('skipped' in e)) ?? first.export,
  notes: [...first.notes, ...notes],
};
const base = path.join(RESULTS_DIR, `ledger-${today()}-${label}`);
writeJson(`${base}.json`, merged);
fs.writeFileSync(`${base}.md`, renderMarkdown(merged));
process.stdout.write(`${base}.md\n`);
