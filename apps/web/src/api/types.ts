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
  SetupStatus as SetupStatusSchema,
  TeamUpdateResult as TeamUpdateResultSchema,
  CreateUnitBody,
  CreateUserBody,
  Me,
  SchoolImportPreview,
  SupervisionTeam,
  Unit,
  UpdateUnitBody,
  UpdateUserBody,
  User,
} from '@xiaoan/contracts';

export type { CreateUnitBody, CreateUserBody, Me, SchoolImportPreview, SupervisionTeam, Unit, UpdateUnitBody, UpdateUserBody, User };

export type Department = Static<typeof DepartmentSchema>;
export type EduGroup = Static<typeof EduGroupSchema>;
export type AuditEvent = Static<typeof AuditEventSchema>;
export type ImportRowError = Static<typeof ImportRowErrorSchema>;
export type SetupStatus = Static<typeof SetupStatusSchema>;
export type TeamUpdateResult = Static<typeof TeamUpdateResultSchema>;
export type TeamPosition = SupervisionTeam['members'][number]['position'];

export type PageOf<T> = { items: T[]; total: number };

export type ImportCommitResult = { created: number; updated: number; areasCreated: number; assignments: number };

/** A member of the leading group (领导小组); the server's list shape is read defensively. */
export type LeadingGroupMember = {
  userId?: string;
  displayName: string;
  title?: string | null;
  position: string;
  department?: { id: string; name: string } | null;
};
