/**
 * Who acts next on a hazard, in the words the detail page and the toast show
 * ("下一步：由 张三（学校安全管理员）提交验收", "等待 第一督查组 验收", "已销号，无需操作").
 * Derived from the state, the record (grade, listing, the rectifier, a pending extension, an
 * owed overdue explanation) and the same rules the guard applies (`HAZARD_ACTION_ROLES`, the
 * school never verifies a major or listed hazard, the rectifier never verifies): pure, no I/O.
 * The server passes the names it knows: the school, its safety administrators, its team.
 */
import { ROLE_LABELS, type Role } from '../roles.js';
import { requiresOverdueExplanation } from './hazard.guard.js';
import { currentListing, pendingExtension, type Hazard } from './hazard.types.js';

export type NextStepPeople = {
  /** The school (or campus) the hazard belongs to. */
  readonly unitName: string;
  /** The active school administrators of that school, who register, rectify and may verify. */
  readonly schoolAdmins: readonly { readonly userId: string; readonly name: string }[];
  /** The supervision team assigned to the school, or null. */
  readonly teamName: string | null;
};

export type NextStep = {
  /** The role that acts next; null when nothing is left to do. */
  readonly role: Role | null;
  /** The unit (school, team, bureau) that acts next; null when nothing is left to do. */
  readonly unitName: string | null;
  /** The one person who acts next, when there is exactly one; otherwise null. */
  readonly userName: string | null;
  readonly text: string;
};

const SCHOOL_ADMIN = ROLE_LABELS.school_admin;

/** The school's side: its one administrator by name ("张三（学校安全管理员）"), or the school ("华润小学（学校安全管理员）"). */
function school(p: NextStepPeople, text: (who: string) => string, except?: string | null): NextStep {
  const admins = p.schoolAdmins.filter((a) => a.userId !== except);
  const one = admins.length === 1 ? admins[0]!.name : null;
  const who = `${one ?? p.unitName}（${SCHOOL_ADMIN}）`;
  return { role: 'school_admin', unitName: p.unitName, userName: one, text: text(who) };
}

/** The supervising side: the school's team, or the bureau when no team is assigned. */
function supervisor(p: NextStepPeople, what: string): NextStep {
  if (p.teamName !== null) return { role: 'team_member', unitName: p.teamName, userName: null, text: `等待 ${p.teamName} ${what}` };
  return { role: 'bureau_staff', unitName: '教育局', userName: null, text: `等待 教育局 ${what}` };
}

function done(text: string): NextStep {
  return { role: null, unitName: null, userName: null, text };
}

/** Who acts next on this hazard now, and the sentence that says so. */
export function nextActor(hazard: Hazard, people: NextStepPeople, now: Date): NextStep {
  const owner = hazard.owner ? `（整改责任人：${hazard.owner}）` : '';
  switch (hazard.state) {
    case 'closed':
      return done('已销号，无需操作');
    case 'rejected':
      return done('不予登记，无需操作');
    case 'reported':
      return school(people, (who) => `下一步：由 ${who}登记（落实整改五落实）或不予登记`);
    case 'registered':
    case 'rectifying': {
      if (pendingExtension(hazard) !== null) return supervisor(people, '审批延期申请');
      if (requiresOverdueExplanation(hazard, now)) return school(people, (who) => `下一步：由 ${who}填写逾期说明，整改后提交验收${owner}`);
      if (hazard.state === 'registered') return school(people, (who) => `下一步：由 ${who}开始整改${owner}`);
      return school(people, (who) => `下一步：由 ${who}组织整改，完成后提交验收${owner}`);
    }
    case 'pending_verification': {
      if (pendingExtension(hazard) !== null) return supervisor(people, '审批延期申请');
      const supervisorsOnly = hazard.grade === 'major' || currentListing(hazard) !== null;
      const rectifier = hazard.rectifiedBy?.userId ?? null;
      const schoolCan = !supervisorsOnly && people.schoolAdmins.some((a) => a.userId !== rectifier);
      if (!schoolCan) return supervisor(people, '验收');
      return school(people, (who) => `等待 ${who}验收（整改提交人以外的人验收${people.teamName ? `；${people.teamName}也可验收` : ''}）`, rectifier);
    }
    default: {
      const never: never = hazard.state;
      return never;
    }
  }
}
