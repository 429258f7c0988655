/**
 * The demo district, transcribed from the Tianning plan (shared seed 000), annex 2:
 * the leading group, its member departments and the six supervision teams with
 * their people and exactly their assigned schools, in the plan's own words.
 */
export const TIANNING = {
  bureau: '常州市天宁区教育局',
  leadingGroup: {
    leader: { name: '任洁', title: '区委教育工委书记、区教育局局长' },
    deputies: [
      { name: '王文斌', title: '区纪委监委派驻区教育局纪检监察组组长' },
      { name: '汤国忠', title: '区教育局副局长' },
      { name: '薛文兴', title: '区教育局副局长' },
    ],
  },
  departments: [
    '办公室（宣传科）',
    '组织科',
    '人事与教师工作科',
    '发展规划与财务科（基建科）',
    '教育科',
    '督导室',
    '学前教育管理中心',
    '教师发展中心',
  ],
  teams: [
    {
      name: '第一督查小组',
      leader: { name: '任洁', title: '区委教育工委书记、区教育局局长' },
      deputies: [{ name: '陈娜', title: '区教育局办公室主任' }],
      members: [
        { name: '倪群', title: '区教育服务中心副主任' },
        { name: '汤娟娟', title: '区教育局人事与教师工作科科长' },
        { name: '贺令翔', title: '区教育局教育科副科长' },
        { name: '徐敏', title: '区教育局发展规划与财务科（基建科）科员' },
        { name: '吴伟星', title: '区教师发展中心研训员' },
      ],
      schools:
        '局前街小学教育集团（中山路小学、凤凰新城实验小学）、华润小学、丽华新村第三小学、雕庄中心小学、华润国际红黄蓝幼儿园、雕庄中心幼儿园（采菱幼儿园）、丽华第三幼儿园、正衡中学、正衡中学天宁分校、东坡小学、星辰幼儿园、爱德美幼儿园',
    },
    {
      name: '第二督查小组',
      leader: { name: '莫静晓', title: '区委教育工委副书记、区教育局副局长' },
      deputies: [{ name: '王卫', title: '区教育局组织科科长' }],
      members: [
        { name: '孙闽芝', title: '区教育服务中心教师发展科科长' },
        { name: '杜明', title: '区教育局机关党支部专职副书记' },
        { name: '刘宏伟', title: '区教育局发展规划与财务科（基建科）科员' },
        { name: '江华', title: '区人民政府教育督导委员会办公室科员' },
        { name: '邱俊', title: '区教师发展中心研训员' },
      ],
      schools:
        '第二实验小学教育集团（翠竹小学、紫云小学）、虹景小学、彩虹幼儿园、第二十四中学天宁分校、北环路小学、阳光龙庭哈弗幼儿园、青龙实验小学、青龙中心幼儿园（紫云幼儿园）、天元翠竹幼儿园、北环南村红黄蓝幼儿园、香溢紫郡幼儿园、天成幼儿园、凯斯幼儿园',
    },
    {
      name: '第三督查小组',
      leader: { name: '陶建平', title: '区教育局副局长' },
      deputies: [{ name: '周莉', title: '区教育局教育科科长' }],
      members: [
        { name: '范峰宁', title: '区教育服务中心副主任' },
        { name: '蔡一凡', title: '区教育服务中心信息网络服务科科长' },
        { name: '黄成威', title: '区少体校副校长' },
        { name: '张丽华', title: '区教育局发展规划与财务科（基建科）科员' },
        { name: '祁馨', title: '区教师发展中心研训员' },
      ],
      schools:
        '博爱小学教育集团（怡康小学）、龙锦小学、娑罗巷鸿安幼儿园、艺术幼儿园、香缇湾大风车幼儿园、北环幼儿园（青山湾幼儿园）、北郊小学、红梅中心幼儿园、天隆金梅幼儿园、怡康幼儿园、光华学校、常靖理想学校',
    },
    {
      name: '第四督查小组',
      leader: { name: '汤国忠', title: '区教育局副局长' },
      deputies: [{ name: '杨红妹', title: '区人民政府教育督导委员会办公室主任' }],
      members: [
        { name: '陆亚明', title: '区教育服务中心副主任' },
        { name: '蒋轶', title: '区教育服务中心后勤服务科科长' },
        { name: '唐琴珠', title: '区教育局教育科科员' },
        { name: '刘亚君', title: '区学前教育管理中心科员' },
        { name: '蒋春燕', title: '区教师发展中心研训员' },
      ],
      schools:
        '三河口高级中学、东青实验学校、郑陆实验学校、焦溪初级中学、三河口小学、焦溪小学、郑陆中心幼儿园、三河口幼儿园、东青幼儿园、焦溪幼儿园、石堰新市民小学',
    },
    {
      name: '第五督查小组',
      leader: { name: '薛文兴', title: '区教育局副局长' },
      deputies: [{ name: '吴佳伟', title: '区教育局发展规划与财务科（基建科）科长' }],
      members: [
        { name: '施亚芳', title: '区学前教育管理中心副主任' },
        { name: '马月', title: '区教育局教育科科员' },
        { name: '史科成', title: '区教育局发展规划与财务科（基建科）科员' },
        { name: '钱舒蕾', title: '区教育局办公室主任科员' },
        { name: '金燕南', title: '区教师发展中心研训员' },
      ],
      schools:
        '解放路小学、香梅小学、吉的堡幼儿园、天隆和记黄浦幼儿园、红梅实验小学、新世纪幼儿园、天隆兆丰幼儿园、延陵小学、朝阳幼儿园、红梅幼儿园、红梅东村幼儿园、朝阳新村第二小学、常春藤幼儿园、旭阳幼儿园',
    },
    {
      name: '第六督查小组',
      leader: { name: '戴霞', title: '区教育局副局长' },
      deputies: [{ name: '陈青', title: '区学前教育管理中心副主任' }],
      members: [
        { name: '朱永伟', title: '区教育服务中心安全维稳科科长' },
        { name: '胡陶', title: '区教育局人事与教师工作科副科长' },
        { name: '沈芸', title: '区人民政府教育督导委员会办公室科员' },
        { name: '田洁', title: '区学前教育管理中心科员' },
        { name: '王伟', title: '区教师发展中心研训员' },
      ],
      schools:
        '丽华新村第二小学、新城逸境幼儿园、广化幼儿园、清凉小学、兰陵小学、浦前中心小学、丽华新村第二幼儿园、实验幼儿园、茶山中心幼儿园、清凉新村幼儿园、实验初级中学天宁分校、华润幼儿园、明莘幼儿园',
    },
  ],
} as const;

/**
 * Demo areas (片区). The plan names no areas; these group the schools by the
 * town or street their names carry, so the tree has the bureau → area → school
 * shape of a real district. The first matching keyword wins; the rest are 城区片区.
 */
export const DEMO_AREAS: readonly { name: string; keywords: readonly string[] }[] = [
  { name: '郑陆片区', keywords: ['郑陆', '焦溪', '三河口', '东青', '石堰'] },
  { name: '青龙片区', keywords: ['青龙', '紫云', '翠竹', '北环', '龙锦', '北郊', '香溢', '第二实验'] },
  { name: '红梅片区', keywords: ['红梅', '天隆', '光华', '延陵', '朝阳', '香梅', '解放路', '常春藤', '旭阳', '吉的堡', '新世纪'] },
  { name: '茶山片区', keywords: ['茶山', '丽华', '清凉', '兰陵', '浦前', '广化', '新城逸境', '明莘', '雕庄', '采菱'] },
];
export const DEFAULT_DEMO_AREA = '城区片区';

/** Which department a person belongs to, read from the title the plan gives. */
export function departmentOfTitle(title: string): string | null {
  const rules: [RegExp, string][] = [
    [/发展规划与财务科/, '发展规划与财务科（基建科）'],
    [/人事与教师工作科/, '人事与教师工作科'],
    [/组织科/, '组织科'],
    [/区教育局教育科/, '教育科'],
    [/区教育局办公室/, '办公室（宣传科）'],
    [/教育督导委员会办公室/, '督导室'],
    [/学前教育管理中心/, '学前教育管理中心'],
    [/教师发展中心/, '教师发展中心'],
  ];
  for (const [re, dept] of rules) if (re.test(title)) return dept;
  return null;
}

export type ParsedSchool = { name: string; eduGroup: string | null; campuses: string[] };

/**
 * Splits a team's "督查单位" line into schools: "X教育集团（A、B）" is a group whose
 * lead school is X and whose members are A and B; "X（Y）" is school X with campus Y.
 */
export function parseSchoolList(line: string): ParsedSchool[] {
  const out: ParsedSchool[] = [];
  // Split on 、 outside full-width parentheses.
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of line) {
    if (ch === '（') depth++;
    if (ch === '）') depth--;
    if (ch === '、' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) parts.push(cur);
  for (const raw of parts.map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.+?)（(.+)）$/.exec(raw);
    if (!m) {
      out.push({ name: raw, eduGroup: null, campuses: [] });
      continue;
    }
    const head = m[1]!;
    const inner = m[2]!.split('、').map((s) => s.trim());
    if (head.endsWith('教育集团')) {
      const lead = head.replace(/教育集团$/, '');
      out.push({ name: lead, eduGroup: head, campuses: [] });
      for (const s of inner) out.push({ name: s, eduGroup: head, campuses: [] });
    } else {
      out.push({ name: head, eduGroup: null, campuses: inner });
    }
  }
  return out;
}
