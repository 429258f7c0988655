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
  { path: '/registries/chemicals', title: '危化品台账', description: '危化品目录、库房与危化品柜（双人双锁）、采购审批、入库、领用、归还、处置、账面库存与盘点；账实不符自动上报隐患', records: { 'chemical-store': (id) => `/registries/chemicals/stores/${id}` } },
  { path: '/registries/fleet', title: '校车台账', description: '校车（校车使用许可、年检、保险）、驾驶人、随车照管人员、线路与站点；证件过期即停运、不能排线并自动上报隐患；二维码标签', records: { vehicles: (id) => `/registries/fleet/vehicles/${id}`, drivers: (id) => `/registries/fleet/drivers/${id}` } },
  { path: '/registries/guards', title: '保安员与学校安防', description: '保安员实名、保安员证与到期、背景审查、年审；封闭化管理、一键报警与视频联网、护学岗（四个100%）', records: { guard: (id) => `/registries/guards/${id}` } },
  {
    path: '/registries/site/buildings',
    title: '校舍、应急与食堂',
    description: '校舍安全鉴定（A–D 级，D 级在用即挂牌督办）、应急预案修订与演练、食堂从业人员健康证、阳光食堂与演练覆盖率',
    records: {
      building: (id) => `/registries/site/buildings/${id}`,
      'emergency-plan': (id) => `/registries/site/emergency-plans/${id}`,
      drill: (id) => `/registries/site/drills/${id}`,
      'canteen-staff': (id) => `/registries/site/canteen-staff/${id}`,
    },
  },
];

/** Where a registry record opens in the web, or null when its registry has no page for it. */
export function registryRecordPath(kind: string, id: string): string | null {
  for (const r of REGISTRIES) {
    const open = r.records?.[kind];
    if (open) return open(id);
  }
  return null;
}
