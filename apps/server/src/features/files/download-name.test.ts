import { describe, expect, it } from 'vitest';
import { downloadName } from './file.routes.js';

describe('downloadName', () => {
  it('keeps the uploaded name and gives the extension of what is stored', () => {
    expect(downloadName('天宁区实施方案.doc', 'application/msword')).toBe('天宁区实施方案.doc');
    expect(downloadName('方案.DOCX', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('方案.docx');
    expect(downloadName('通知.pdf', 'application/pdf')).toBe('通知.pdf');
    expect(downloadName('IMG_0001.HEIC', 'image/jpeg')).toBe('IMG_0001.jpg');
    expect(downloadName('', 'application/pdf')).toBe('文件.pdf');
  });
});
