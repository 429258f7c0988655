/**
 * The registries (安全台账) the web knows: each registry feature adds its entry here (the
 * /registries page lists them) and says where one of its records opens, by the `registry_kind`
 * its hazards are linked with (a hazard's origin links back to the record).
 */
export type RegistryEntry = {
  /** The web path of the registry's list, e.g. '/registries/vehicles'. */
  path: string;
  title: string;
  /** One line for people: what it holds. */
  description: string;
  /** registry_kind → the web path of one record of that kind. */
  records?: Record<string, (id: string) => string>;
  /** Shown to the school side only (e.g. a page only a school fills in); default: everyone who reads registries. */
  schoolOnly?: boolean;
};

export const REGISTRIES: RegistryEntry[] = [
  { path: '/registries/guards', title: '保安员与学校安防', description: '保安员实名、保安员证与到期、背景审查、年审；封闭化管理、一键报警与视频联网、护学岗（四个100%）', records: { guard: (id) => `/registries/guards/${id}` } },
];

/** Where a registry record opens in the web, or null when its registry has no page for it. */
export function registryRecordPath(kind: string, id: string): string | null {
  for (const r of REGISTRIES) {
    const open = r.records?.[kind];
    if (open) return open(id);
  }
  return null;
}
