import { describe, expect, it } from 'vitest';
import { LEDGER_COLUMN_FIELDS } from '@xiaoan/domain';
import { ApiError } from '../../../api/client';
import { duplicateFields, mappingOf } from '../../../components/ColumnMapping';
import { columnsOfRefusal, LEDGER_MAPPING_FIELDS, ledgerDoneText, ledgerStats } from './ledgerPreview';

describe('the ledger import’s mapping step and check, without a DOM', () => {
  it('sends the whole mapping: every column, ignored ones as null', () => {
    expect(mappingOf([{ header: '序号', field: null }, { header: '存在问题', field: 'description' }, { header: '结案日期', field: null }])).toEqual({ 序号: null, 存在问题: 'description', 结案日期: null });
  });

  it('flags a field two columns are mapped to, and only that one', () => {
    expect(duplicateFields({ a: 'owner', b: 'owner', c: 'domain', d: null, e: null })).toEqual(['owner']);
  });

  it('offers every field a column may become (closure fields included), each with a Chinese name', () => {
    expect(LEDGER_MAPPING_FIELDS.map((f) => f.field)).toEqual([...LEDGER_COLUMN_FIELDS]);
    for (const f of LEDGER_MAPPING_FIELDS) expect(f.label, f.field).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a preview refused for a missing column still yields the columns it read; other errors yield none', () => {
    const refusal = new ApiError('VALIDATION_FAILED', '缺少必填列：隐患类别', { headerRow: 2, columns: [{ header: '类型', field: null }, { header: '存在问题', field: 'description' }], missing: ['domain'] }, 400);
    expect(columnsOfRefusal(refusal)).toEqual([{ header: '类型', field: null }, { header: '存在问题', field: 'description' }]);
    expect(columnsOfRefusal(new ApiError('VALIDATION_FAILED', '工作簿中没有工作表', undefined, 400))).toBeNull();
    expect(columnsOfRefusal(new Error('network'))).toBeNull();
  });

  it('counts 待验收 and 已销号 rows only when the ledger has some', () => {
    const open = ledgerStats({ rows: 3, errors: 0, errorRows: 0, reported: 1, registered: 2 }).map((s) => s.title);
    expect(open.join('|')).not.toMatch(/待验收|已销号/);
    const old = ledgerStats({ rows: 4, errors: 0, errorRows: 0, reported: 1, registered: 0, pendingVerification: 1, closed: 2 });
    expect(old.find((s) => s.title.includes('已销号'))?.value).toBe(2);
    expect(old.find((s) => s.title.includes('待验收'))?.value).toBe(1);
    expect(ledgerDoneText({ created: 3, reported: 1, registered: 0, closed: 2 })).toBe('已导入隐患 3 条（已登记 0 条，已上报 1 条，连同整改、验收记录已销号 2 条）。');
  });
});
