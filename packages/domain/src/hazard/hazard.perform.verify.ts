/** 开始整改, 提交验收 (the submitter becomes the rectifier), 验收销号 and 退回整改. */
import { filesField, optionalText, refuse, requiredText } from './hazard.fields.js';
import { onRecord, type ActionContext, type Performed, type Performer } from './hazard.perform.js';
import type { HazardAction } from './hazard.table.js';
import type { Hazard } from './hazard.types.js';

function startRectification(h: Hazard, { i, e }: ActionContext): Performed {
  const comment = optionalText(e, i.comment, 'comment', '说明');
  if (e.length > 0) return refuse(e);
  return { next: h, comment };
}

function requestVerification(h: Hazard, { i, e, at, by }: ActionContext): Performed {
  const evidence = filesField(e, i.evidence, 'evidence', '整改材料');
  if (evidence.length === 0 && !e.some((x) => x.field === 'evidence')) {
    e.push({ field: 'evidence', code: 'EVIDENCE_REQUIRED', message: '提交验收须上传整改后的照片或材料' });
  }
  const note = requiredText(e, i.note, 'note', '整改情况说明');
  if (e.length > 0) return refuse(e);
  return {
    next: { ...h, evidence: [...h.evidence, ...evidence], rectificationNote: note, rectifiedBy: by, rectifiedAt: at },
    comment: note,
  };
}

/** Closing needs evidence (already given or added now) and ends a listing (delistReason 隐患已销号). */
function close(h: Hazard, { i, e, at, by }: ActionContext): Performed {
  const files = filesField(e, i.files, 'files', '验收材料');
  const comment = optionalText(e, i.comment, 'comment', '验收意见');
  if (e.length === 0 && h.evidence.length + files.length === 0) {
    e.push({ field: 'files', code: 'EVIDENCE_REQUIRED', message: '销号须有整改后的照片或材料' });
  }
  if (e.length > 0) return refuse(e);
  const listings = h.listings.map((l) => (l.delistedAt === null ? { ...l, delistedAt: at, delistedBy: by, delistReason: '隐患已销号' } : l));
  return {
    next: { ...h, evidence: [...h.evidence, ...files], closedAt: at, closedBy: by, closeComment: comment, listings },
    comment,
  };
}

function returnForRectification(h: Hazard, { i, e, at, by }: ActionContext): Performed {
  const reason = requiredText(e, i.reason, 'reason', '退回原因');
  if (e.length > 0) return refuse(e);
  return { next: { ...h, returns: [...h.returns, { reason, at, by }] }, comment: reason };
}

export const verifyPerformers = {
  start_rectification: onRecord('start_rectification', startRectification),
  request_verification: onRecord('request_verification', requestVerification),
  close: onRecord('close', close),
  return: onRecord('return', returnForRectification),
} satisfies Partial<Record<HazardAction, Performer>>;
