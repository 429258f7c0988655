import type { ReportableUnit } from './ledger.repository.js';

/*
 * The school a ledger row names, among the schools and campuses in the importer's scope:
 * the exact name first; then the name normalised (full-width forms, spaces, brackets and
 * punctuation ignored); then, for a district ledger that drops the district's prefix
 * ("实验小学" for "天宁区实验小学") or adds one, a unique name that ends with the other.
 * A name that fits several units at the first tier that finds any is ambiguous.
 */

/** Full-width and half-width alike, no spaces, brackets or punctuation. */
export function normaliseUnitName(s: string): string {
  return s.normalize('NFKC').replace(/[\s()（）[\]【】〔〕<>《》·.,，、\-—_"'“”‘’]/g, '');
}

/** The shortest name a suffix match may rest on: two characters (小学) would match half the district. */
const MIN_SUFFIX_CHARS = 4;

export function unitMatcher(units: readonly ReportableUnit[]): (name: string) => ReportableUnit[] {
  const exact = new Map<string, ReportableUnit[]>();
  const loose = new Map<string, ReportableUnit[]>();
  const add = (m: Map<string, ReportableUnit[]>, k: string, u: ReportableUnit) => m.set(k, [...(m.get(k) ?? []), u]);
  for (const u of units) {
    add(exact, u.name, u);
    add(loose, normaliseUnitName(u.name), u);
  }
  const names = [...loose.keys()];
  return (name) => {
    const hit = exact.get(name.trim()) ?? loose.get(normaliseUnitName(name));
    if (hit) return hit;
    const n = normaliseUnitName(name);
    if ([...n].length < MIN_SUFFIX_CHARS) return [];
    return names.filter((k) => [...k].length >= MIN_SUFFIX_CHARS && (k.endsWith(n) || n.endsWith(k))).flatMap((k) => loose.get(k)!);
  };
}
