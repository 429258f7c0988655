/**
 * Every TanStack Query key of the web app, one factory per resource. Keys are
 * hierarchical: `all` is the prefix of every key of its resource, so
 * `invalidateQueries({ queryKey: keys.hazards.all })` refreshes lists, counts and details
 * together, and a narrower prefix (`keys.hazards.lists()`) spares the rest. A key is
 * written here once, so a page cannot cache under a key that a mutation never refreshes.
 */

const root = <K extends string>(name: K) => [name] as const;

const hazardsAll = root('hazards');
const unitsAll = root('units');
const usersAll = root('users');
const campaignsAll = root('campaigns');
const checklistsAll = root('checklists');
const pointsAll = root('inspection-points');
const inspectionsAll = root('inspections');
const supervisionAll = root('supervision');
const auditAll = root('audit');
const notificationsAll = root('notifications');
const reportsAll = root('reports');
const dashboardAll = root('dashboard');
const noticesAll = root('notices');
const talksAll = root('talks');
const measuresAll = root('measures');
const assessmentAll = root('assessment');
const risksAll = root('risks');

export const keys = {
  /** The signed-in user (GET /api/auth/me); the shell reads it with `useMe`. */
  me: root('me'),
  /** A sign-in that is not finished yet (second factor, enrolment, password change). */
  signInSession: root('sign-in-session'),
  setup: root('setup'),
  totpSetup: {
    all: root('totp-setup'),
    forUser: (userKey: string) => ['totp-setup', userKey] as const,
  },
  home: {
    all: root('home'),
    summary: () => ['home', 'summary'] as const,
  },

  units: {
    all: unitsAll,
    /** Every unit matching the filter (paged through by `fetchAllUnits`); `{}` is the whole scope. */
    list: (filter: object = {}) => [...unitsAll, 'list', filter] as const,
    page: (filter: object) => [...unitsAll, 'page', filter] as const,
    detail: (id: string) => [...unitsAll, 'detail', id] as const,
  },
  users: {
    all: usersAll,
    page: (query: object) => [...usersAll, 'page', query] as const,
    /** Every user matching the filter, not paged (team member pickers, the admin home's counts). */
    list: (filter: object = {}) => [...usersAll, 'list', filter] as const,
    detail: (id: string) => [...usersAll, 'detail', id] as const,
  },
  departments: { all: root('departments') },
  eduGroups: { all: root('edu-groups') },
  teams: { all: root('teams') },
  leadingGroup: { all: root('leading-group') },

  audit: {
    all: auditAll,
    events: (filter: object) => [...auditAll, 'events', filter] as const,
    verify: () => [...auditAll, 'verify'] as const,
  },
  notifications: {
    all: notificationsAll,
    unread: () => [...notificationsAll, 'unread'] as const,
  },

  hazards: {
    all: hazardsAll,
    /** Lists and counts, not details: a saved hazard puts its own detail in the cache. */
    lists: () => [...hazardsAll, 'list'] as const,
    list: (filter: object, page: number, pageSize: number) => [...hazardsAll, 'list', filter, page, pageSize] as const,
    count: (filter: object) => [...hazardsAll, 'list', 'count', filter] as const,
    detail: (id: string) => [...hazardsAll, 'detail', id] as const,
  },

  campaigns: {
    all: campaignsAll,
    list: () => [...campaignsAll, 'list'] as const,
    detail: (id: string) => [...campaignsAll, 'detail', id] as const,
    overview: (id: string) => [...campaignsAll, 'detail', id, 'overview'] as const,
  },
  tasks: {
    all: root('tasks'),
    mine: () => ['tasks', 'mine'] as const,
  },

  checklists: {
    all: checklistsAll,
    lists: () => [...checklistsAll, 'list'] as const,
    list: (filter: object) => [...checklistsAll, 'list', filter] as const,
    detail: (id: string) => [...checklistsAll, 'detail', id] as const,
  },
  points: {
    all: pointsAll,
    list: (filter: object) => [...pointsAll, 'list', filter] as const,
    byToken: (token: string) => [...pointsAll, 'by-token', token] as const,
    checkForm: (id: string) => [...pointsAll, 'check-form', id] as const,
  },
  inspections: {
    all: inspectionsAll,
    list: (filter: object) => [...inspectionsAll, 'list', filter] as const,
    detail: (id: string) => [...inspectionsAll, 'detail', id] as const,
    schedule: (filter: object) => [...inspectionsAll, 'schedule', filter] as const,
    completion: (filter: object) => [...inspectionsAll, 'completion', filter] as const,
    weekly: (filter: object) => [...inspectionsAll, 'weekly', filter] as const,
  },
  supervision: {
    all: supervisionAll,
    visits: (filter: object) => [...supervisionAll, 'visits', filter] as const,
    visit: (id: string) => [...supervisionAll, 'visit', id] as const,
    coverage: (teamId: string, range: object) => [...supervisionAll, 'coverage', teamId, range] as const,
  },
  followUps: {
    all: root('follow-ups'),
    candidates: (filter: object) => ['follow-ups', 'candidates', filter] as const,
  },
  /** Reporting upward (api/reports.ts): types, periods, completeness, the matrix, submissions. */
  reports: {
    all: reportsAll,
    types: () => [...reportsAll, 'types'] as const,
    type: (id: string) => [...reportsAll, 'type', id] as const,
    periods: (id: string, range: object) => [...reportsAll, 'periods', id, range] as const,
    completeness: (id: string, period: string, filter: object) => [...reportsAll, 'completeness', id, period, filter] as const,
    matrix: (id: string, range: object, filter: object) => [...reportsAll, 'matrix', id, range, filter] as const,
    submission: (id: string) => [...reportsAll, 'submission', id] as const,
    /** Submissions matching a filter (the bureau home's reports awaiting review). */
    submissions: (filter: object) => [...reportsAll, 'submissions', filter] as const,
  },
  /** The bureau's picture (api/dashboard.ts): one unit's figures with the query it was asked with. */
  dashboard: {
    all: dashboardAll,
    view: (query: object) => [...dashboardAll, 'view', query] as const,
  },
  /** Notices (通报, api/notices.ts). */
  notices: {
    all: noticesAll,
    lists: () => [...noticesAll, 'list'] as const,
    list: (filter: object) => [...noticesAll, 'list', filter] as const,
    detail: (id: string) => [...noticesAll, 'detail', id] as const,
  },
  /** Admonition talks (约谈, api/talks.ts). */
  talks: {
    all: talksAll,
    lists: () => [...talksAll, 'list'] as const,
    list: (filter: object) => [...talksAll, 'list', filter] as const,
    detail: (id: string) => [...talksAll, 'detail', id] as const,
  },
  /** The measure list and the two lists' overview (制度措施清单, api/measures.ts). */
  measures: {
    all: measuresAll,
    lists: () => [...measuresAll, 'list'] as const,
    list: (filter: object) => [...measuresAll, 'list', filter] as const,
    detail: (id: string) => [...measuresAll, 'detail', id] as const,
    overview: (filter: object) => [...measuresAll, 'overview', filter] as const,
  },
  /** Annual assessment (年度综合考核, api/assessment.ts). */
  assessment: {
    all: assessmentAll,
    schemes: () => [...assessmentAll, 'schemes'] as const,
    scheme: (id: string) => [...assessmentAll, 'scheme', id] as const,
    scores: (id: string, filter: object) => [...assessmentAll, 'scores', id, filter] as const,
    school: (id: string, schoolId: string) => [...assessmentAll, 'school', id, schoolId] as const,
  },
  /** The risk register (风险分级管控, api/risks.ts). */
  risks: {
    all: risksAll,
    lists: () => [...risksAll, 'list'] as const,
    list: (filter: object) => [...risksAll, 'list', filter] as const,
    detail: (id: string) => [...risksAll, 'detail', id] as const,
    matrix: () => [...risksAll, 'matrix'] as const,
  },
  /** Risk notice cards and the risk picture (api/risk-picture.ts), under the risks' prefix: a saved risk refreshes them. */
  riskPicture: {
    all: [...risksAll, 'picture'] as const,
    cards: (query: object) => [...risksAll, 'picture', 'cards', query] as const,
    distribution: (query: object) => [...risksAll, 'picture', 'distribution', query] as const,
  },
  /** The guards registry and the school security profiles (api/guards.ts); the four 100 % indicators sit under the same prefix, so a saved guard or profile refreshes them. */
  guards: {
    all: ['guards'] as const,
    lists: () => ['guards', 'list'] as const,
    list: (filter: object) => ['guards', 'list', filter] as const,
    detail: (id: string) => ['guards', 'detail', id] as const,
    security: (query: object) => ['guards', 'security', query] as const,
    school: (id: string) => ['guards', 'security', 'school', id] as const,
    four100: (query: object) => ['guards', 'four-100', query] as const,
    breakdown: (query: object) => ['guards', 'four-100', 'breakdown', query] as const,
  },
  /** The chemicals registry (api/chemicals.ts): catalogue, stores and cabinets, movements; a movement or a count refreshes all of it (balances change everywhere). */
  chemicals: {
    all: ['chemicals'] as const,
    list: (kind: 'chemicals' | 'stores' | 'movements', filter: object) => ['chemicals', kind, 'list', filter] as const,
    detail: (kind: 'chemicals' | 'stores' | 'movements', id: string) => ['chemicals', kind, 'detail', id] as const,
  },
  /** The site registries (api/site.ts): buildings, emergency plans, drills, canteen staff, the coverage figures. */
  site: {
    all: ['site'] as const,
    list: (kind: string, filter: object) => ['site', kind, 'list', filter] as const,
    detail: (kind: string, id: string) => ['site', kind, 'detail', id] as const,
    coverage: (query: object) => ['site', 'coverage', query] as const,
    profile: (schoolId: string) => ['site', 'profile', schoolId] as const,
  },
} as const;
