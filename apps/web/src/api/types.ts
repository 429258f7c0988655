/**
 * Response and request shapes of the API. Where the contracts package exports a
 * Static type under the schema's name we use it; the others are derived here from
 * the same TypeBox schemas, so web and server cannot drift apart.
 */
import type { Static } from 'typebox';
import type {
  AuditEvent as AuditEventSchema,
  Department as DepartmentSchema,
  EduGroup as EduGroupSchema,
  ImportRowError as ImportRowErrorSchema,
  LeadingGroupMember as LeadingGroupMemberSchema,
  SchoolImportResult as SchoolImportResultSchema,
  SetupStatus as SetupStatusSchema,
  TeamUpdateResult as TeamUpdateResultSchema,
  AuditVerification,
  CreateUnitBody,
  CreateUserBody,
  Me,
  RecoveryCodes,
  TotpSetup,
  SchoolImportPreview,
  SupervisionTeam,
  Unit,
  UpdateUnitBody,
  UpdateUserBody,
  User,
} from '@xiaoan/contracts';
import type {
  CreateHazardBody as CreateHazardBodyRaw,
  FileRef,
  HazardActionBodies,
  HazardDetail as HazardDetailRaw,
  HazardImportPreview as HazardImportPreviewRaw,
  HazardImportResult,
  HazardSummary as HazardSummaryRaw,
  HazardTimelineEvent,
  Notification,
} from '@xiaoan/contracts';
import type { HazardAction, HazardDomain, HazardSource, HazardState } from '@xiaoan/domain';

export type {
  AuditVerification,
  CreateUnitBody,
  CreateUserBody,
  Me,
  RecoveryCodes,
  SchoolImportPreview,
  SupervisionTeam,
  TotpSetup,
  Unit,
  UpdateUnitBody,
  UpdateUserBody,
  User,
};

export type Department = Static<typeof DepartmentSchema>;
export type EduGroup = Static<typeof EduGroupSchema>;
export type AuditEvent = Static<typeof AuditEventSchema>;
export type ImportRowError = Static<typeof ImportRowErrorSchema>;
export type SetupStatus = Static<typeof SetupStatusSchema>;
export type TeamUpdateResult = Static<typeof TeamUpdateResultSchema>;
export type TeamPosition = SupervisionTeam['members'][number]['position'];

export type PageOf<T> = { items: T[]; total: number };

export type ImportCommitResult = Static<typeof SchoolImportResultSchema>;

/** A member of the leading group (领导小组). */
export type LeadingGroupMember = Static<typeof LeadingGroupMemberSchema>;

// ---- Hazard ledger (隐患台账) ----
// The contract's code unions (state, domain, source) are built by a helper that TypeBox
// cannot see through, so their Static types are `unknown`; they are narrowed here to the
// domain's code types, which list exactly the same codes.

export type { FileRef, HazardTimelineEvent };

export type HazardSummary = Omit<HazardSummaryRaw, 'state' | 'domain' | 'source'> & {
  state: HazardState;
  domain: HazardDomain;
  source: HazardSource;
};

export type HazardDetail = Omit<HazardDetailRaw, 'hazard' | 'allowedActions'> & {
  hazard: HazardSummary;
  allowedActions: HazardAction[];
};

export type CreateHazardBody = Omit<CreateHazardBodyRaw, 'domain' | 'source'> & { domain: HazardDomain; source: HazardSource };

/** Actions on an existing hazard, each with its own route and body. */
export type HazardRouteAction = keyof typeof HazardActionBodies;
export type HazardActionBody<A extends HazardRouteAction> = Static<(typeof HazardActionBodies)[A]>;

export type HazardNotification = Notification;

/** POST /api/hazards/import/preview, with the code unions narrowed as above. */
type LedgerImportRowRaw = HazardImportPreviewRaw['rows'][number];
export type LedgerImportPreview = Omit<HazardImportPreviewRaw, 'rows'> & {
  rows: (Omit<LedgerImportRowRaw, 'domain' | 'source'> & { domain: HazardDomain | null; source: HazardSource | null })[];
};
/** One column of an uploaded ledger as the server read it; `field` null: ignored. */
export type LedgerImportColumn = LedgerImportPreview['columns'][number];
export type LedgerImportResult = HazardImportResult;
