import { describe, expect, it } from 'vitest';
import { ApiError, fieldErrors } from '../api/client';
import { fieldPath, matchFieldErrors, placeFieldErrors } from './forms';

/** The server's 400 for a hazard action, as the API client turns it into an ApiError. */
const hazardRefusal = (fields: { field: string; code: string; message: string }[]) =>
  new ApiError('INVALID_INPUT', fields[0]?.message ?? '输入有误', { fields }, 400);

/** The server's schema refusal: "field: reason" lines (error-handler.ts). */
const schemaRefusal = (lines: string[]) => new ApiError('VALIDATION_FAILED', `请求数据不正确：${lines.join('；')}`, lines, 400);

describe('field-error parsing: the server’s details → antd field errors', () => {
  it('reads both shapes of details, one list of reasons per field', () => {
    expect(
      fieldErrors(
        hazardRefusal([
          { field: 'owner', code: 'INVALID_INPUT', message: '请填写整改责任人' },
          { field: 'owner', code: 'INVALID_INPUT', message: '整改责任人过长' },
          { field: 'plan[1].dueDate', code: 'INVALID_INPUT', message: '整改计划第 2 项的完成日期须在发现日期与整改时限之间' },
        ]),
      ),
    ).toEqual({ owner: ['请填写整改责任人', '整改责任人过长'], 'plan[1].dueDate': ['整改计划第 2 项的完成日期须在发现日期与整改时限之间'] });
    expect(fieldErrors(schemaRefusal(['dueDate: 日期须在 2000-01-01 至 2099-12-31 之间', '请求: 缺少字段 version', 'no separator']))).toEqual({
      dueDate: ['日期须在 2000-01-01 至 2099-12-31 之间'],
      请求: ['缺少字段 version'],
    });
  });

  it('finds nothing to place in errors that are not the server’s validation answer', () => {
    expect(fieldErrors(new Error('网络错误'))).toEqual({});
    expect(fieldErrors(new ApiError('NETWORK', '无法连接服务器', undefined, 0))).toEqual({});
    expect(fieldErrors(new ApiError('CONFLICT', '已被修改', { reason: 'stale_version' }, 409))).toEqual({});
  });

  it('turns the domain’s, Ajv’s and JSON-pointer field names into the same form path', () => {
    expect(fieldPath('plan[0].dueDate')).toEqual(['plan', 0, 'dueDate']);
    expect(fieldPath('plan.0.dueDate')).toEqual(['plan', 0, 'dueDate']);
    expect(fieldPath('/plan/0/dueDate')).toEqual(['plan', 0, 'dueDate']);
    // The create body nests 整改五落实 and 立行立改; the new-hazard form keeps them flat.
    expect(fieldPath('register.dueDate')).toEqual(['dueDate']);
    expect(fieldPath('fixedOnSpot.fixPhotoIds')).toEqual(['fixPhotoIds']);
    // The domain names the record's fields; the form holds the request's.
    expect(fieldPath('fundsFen')).toEqual(['funds']);
    expect(fieldPath('evidence')).toEqual(['evidenceIds']);
    expect(fieldPath('addPhotos')).toEqual(['addPhotoIds']);
  });

  it('puts each reason under the input that exists, list rows included, and leaves the rest for the alert', () => {
    const e = hazardRefusal([
      { field: 'owner', code: 'INVALID_INPUT', message: '请填写整改责任人' },
      { field: 'fundsFen', code: 'INVALID_INPUT', message: '整改资金最多两位小数' },
      { field: 'plan[1].dueDate', code: 'INVALID_INPUT', message: '整改计划第 2 项的完成日期有误' },
      { field: 'plan[5].dueDate', code: 'INVALID_INPUT', message: '整改计划第 6 项的完成日期有误' },
      { field: 'dueDate', code: 'DUE_BEFORE_FOUND', message: '整改时限不得早于发现日期' },
    ]);
    // What antd reports: registered inputs (getFieldsValue()) and all values (getFieldsValue(true)).
    const registered = { owner: '', funds: 1.234, measures: 'x', plan: [{ title: 'a', dueDate: '2026-01-01' }, { title: 'b', dueDate: '2025-01-01' }] };
    const values = { ...registered, unitId: '12' };
    expect(placeFieldErrors(fieldErrors(e), registered, values)).toEqual({
      fields: [
        { name: ['owner'], errors: ['请填写整改责任人'] },
        { name: ['funds'], errors: ['整改资金最多两位小数'] },
        { name: ['plan', 1, 'dueDate'], errors: ['整改计划第 2 项的完成日期有误'] },
      ],
      rest: ['整改计划第 6 项的完成日期有误', '整改时限不得早于发现日期'],
    });
  });

  it('places a reason for a value the form holds without an input of its own (set by the page)', () => {
    const e = hazardRefusal([{ field: 'unitId', code: 'OUT_OF_SCOPE', message: '不在您的工作范围内' }]);
    expect(placeFieldErrors(fieldErrors(e), {}, { unitId: '12' }).fields).toEqual([{ name: ['unitId'], errors: ['不在您的工作范围内'] }]);
  });

  it('matches "field: reason" lines to a simple form’s fields, renamed where the form names them differently', () => {
    const e = schemaRefusal(['newPassword: 至少 8 位', 'username: 已被占用', 'csrf: 缺少令牌']);
    expect(matchFieldErrors(fieldErrors(e), new Set(['password', 'username']), { newPassword: 'password' })).toEqual([
      { name: ['password'], errors: ['至少 8 位'] },
      { name: ['username'], errors: ['已被占用'] },
    ]);
  });
});
