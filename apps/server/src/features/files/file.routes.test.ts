import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileRef } from '@xiaoan/contracts';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { hasGpsIfd, heic, jpegWithGps, photo } from '../../../test/images.js';
import { tempDataDir, uploadBytes } from '../../../test/files.js';
import { AppError } from '../../http/errors.js';
import { resolveScope } from '../auth/scope.repository.js';
import { HEIC_UNSUPPORTED_MESSAGE, UNSUPPORTED_TYPE_MESSAGE } from './file.content.js';
import { fileRefsByIds, loadFilesInScope } from './file.service.js';
import { sizeLabel } from '../../http/upload.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** Every file under a directory, relative (none when it does not exist). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

describe('evidence files: upload, types, re-encoding, serving', () => {
  const dataDir = tempDataDir();
  const t = useTestApp({ dataDir });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  let d: District;
  let staffA1: Client, adminB1: Client, memberA: Client, memberB: Client, bureauStaff: Client, leader: Client;

  const upload = (who: Client, data: Buffer, opts: Parameters<typeof uploadBytes>[3] = {}) => uploadBytes(t().app, who, data, opts);
  const blobPath = (sha: string) => path.join(dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha);
  const rowOf = (id: string) => t().tdb.db.selectFrom('file_object').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const fileCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM file_object`.execute(t().tdb.db)).rows[0]!.n);

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    const as = (u: { username: string; password: string }) => login(t().app, u.username, u.password);
    staffA1 = await as(d.users.schoolStaffA1);
    adminB1 = await as(d.users.schoolAdminB1);
    memberA = await as(d.users.memberA);
    memberB = await as(d.users.memberB);
    bureauStaff = await as(d.users.staff);
    leader = await as(d.users.leader);
  });

  it('re-encodes a phone JPEG: upright, capped at 2560 px, served back without EXIF or GPS', async () => {
    const input = await jpegWithGps(3000, 2000); // orientation 6: displays as 2000 × 3000
    expect(hasGpsIfd((await sharp(input).metadata()).exif)).toBe(true);

    const res = await upload(staffA1, input, { filename: 'IMG_0001.JPG' });
    expect(res.statusCode).toBe(201);
    const ref = res.json<FileRef>();
    expect(ref).toMatchObject({ kind: 'photo', mime: 'image/jpeg', originalName: 'IMG_0001.JPG', width: 1707, height: 2560, hasThumbnail: true });
    expect(Object.keys(ref).sort()).toEqual(['hasThumbnail', 'height', 'id', 'kind', 'mime', 'originalName', 'sizeBytes', 'uploadedAt', 'width']);

    const got = await staffA1.get(`/api/files/${ref.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
    expect(got.headers['content-disposition']).toBe("inline; filename*=UTF-8''IMG_0001.jpg");
    expect(got.rawPayload.length).toBe(ref.sizeBytes);
    const m = await sharp(got.rawPayload).metadata();
    expect(m).toMatchObject({ format: 'jpeg', width: 1707, height: 2560 });
    expect(m.exif).toBeUndefined();
    expect(m.xmp).toBeUndefined();
    expect(m.orientation).toBeUndefined();
    expect(got.rawPayload.includes(Buffer.from('TestPhone'))).toBe(false);

    // Stored content-addressed by the SHA-256 of the stored (re-encoded) bytes, with a thumbnail.
    const row = await rowOf(ref.id);
    expect(row).toMatchObject({ unit_id: d.schoolA1.id, uploaded_by: d.users.schoolStaffA1.id, kind: 'photo', width: 1707, height: 2560 });
    expect(fs.readFileSync(blobPath(row.sha256))).toEqual(got.rawPayload);
    expect(fs.existsSync(blobPath(row.thumb_sha256!))).toBe(true);
  });

  it('serves a thumbnail of at most 320 px for a photo', async () => {
    const ref = (await upload(staffA1, await photo('jpeg', 1200, 900))).json<FileRef>();
    const th = await staffA1.get(`/api/files/${ref.id}/thumbnail`);
    expect(th.statusCode).toBe(200);
    expect(th.headers['content-type']).toBe('image/jpeg');
    expect(th.headers['x-content-type-options']).toBe('nosniff');
    const m = await sharp(th.rawPayload).metadata();
    expect([m.format, m.width, m.height]).toEqual(['jpeg', 320, 240]);
  });

  it('stores PNG and WebP photos as JPEG, named .jpg when downloaded', async () => {
    for (const [format, name] of [['png', '消防通道.png'], ['webp', 'scan.webp']] as const) {
      const res = await upload(staffA1, await photo(format, 800, 600), { filename: name, contentType: `image/${format}` });
      expect(res.statusCode).toBe(201);
      const ref = res.json<FileRef>();
      expect(ref).toMatchObject({ kind: 'photo', mime: 'image/jpeg', originalName: name, width: 800, height: 600 });
      const got = await staffA1.get(`/api/files/${ref.id}`);
      expect((await sharp(got.rawPayload).metadata()).format).toBe('jpeg');
      const base = name.replace(/\.[a-z]+$/, '');
      expect(got.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent(base)}.jpg`);
    }
  });

  it('keeps a PDF byte for byte and serves it as a download, with nosniff and no thumbnail', async () => {
    const res = await upload(staffA1, PDF, { filename: '整改报告 (终稿).pdf', contentType: 'application/pdf' });
    expect(res.statusCode).toBe(201);
    const ref = res.json<FileRef>();
    expect(ref).toMatchObject({ kind: 'document', mime: 'application/pdf', sizeBytes: PDF.length, width: null, height: null, hasThumbnail: false });
    const got = await staffA1.get(`/api/files/${ref.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload).toEqual(PDF);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe("attachment; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A%20%28%E7%BB%88%E7%A8%BF%29.pdf");
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toMatch(/^private/);
    const th = await staffA1.get(`/api/files/${ref.id}/thumbnail`);
    expect(th.statusCode).toBe(404);
    expect(th.json().error.code).toBe('NOT_FOUND');
  });

  it('types by content: a PDF named .jpg is a document, a text named .jpg and an EXE named .pdf are refused (415)', async () => {
    const pdfAsJpg = await upload(staffA1, PDF, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(pdfAsJpg.statusCode).toBe(201);
    expect(pdfAsJpg.json()).toMatchObject({ kind: 'document', mime: 'application/pdf', originalName: 'photo.jpg' });
    const got = await staffA1.get(`/api/files/${pdfAsJpg.json().id}`);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe("attachment; filename*=UTF-8''photo.pdf");

    const before = await fileCount();
    const text = await upload(staffA1, Buffer.from('这不是照片'), { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: UNSUPPORTED_TYPE_MESSAGE });
    expect(UNSUPPORTED_TYPE_MESSAGE).toBe('只能上传照片（JPEG、PNG、WebP、HEIC）或 PDF 文件');
    const exe = await upload(staffA1, Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200)]), { filename: '报告.pdf', contentType: 'application/pdf' });
    expect(exe.statusCode).toBe(415);
    expect(await fileCount()).toBe(before);
  });

  it('refuses a HEIC this server cannot decode with 415 and the advice to choose 「最兼容」', async () => {
    const res = await upload(staffA1, heic(), { filename: 'IMG_0002.HEIC', contentType: 'image/heic' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: HEIC_UNSUPPORTED_MESSAGE });
  });

  it('refuses an upload without the CSRF header (403) and a role that may not upload (403)', async () => {
    const before = await fileCount();
    const noCsrf = await upload(staffA1, await photo('jpeg', 50, 50), { csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_INVALID');
    const byLeader = await upload(leader, await photo('jpeg', 50, 50), { unitId: d.schoolA1.id });
    expect(byLeader.statusCode).toBe(403);
    expect(await fileCount()).toBe(before);
  });

  it('refuses a request that is not multipart, or has no file', async () => {
    const json = await staffA1.post('/api/files', { file: 'x' });
    expect(json.statusCode).toBe(415);
    const noFile = await uploadBytes(t().app, staffA1, Buffer.alloc(0));
    expect(noFile.statusCode).toBe(400);
  });

  it('a school user uploads for its own school by default and for its campus, not for another school (404)', async () => {
    const own = await upload(staffA1, await photo('jpeg', 50, 50));
    expect(own.statusCode).toBe(201);
    expect((await rowOf(own.json().id)).unit_id).toBe(d.schoolA1.id);
    const campus = await upload(staffA1, await photo('jpeg', 50, 50), { unitId: d.campusA1.id });
    expect(campus.statusCode).toBe(201);
    expect((await rowOf(campus.json().id)).unit_id).toBe(d.campusA1.id);

    const before = await fileCount();
    const other = await upload(staffA1, await photo('jpeg', 50, 50), { unitId: d.schoolB1.id });
    const missing = await upload(staffA1, await photo('jpeg', 50, 50), { unitId: '999999999' });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(missing.json());
    expect(await fileCount()).toBe(before);
  });

  it("a team member uploads for its team's schools only and must name the school", async () => {
    const ok = await upload(memberA, await photo('jpeg', 50, 50), { unitId: d.schoolA2.id });
    expect(ok.statusCode).toBe(201);
    const notTeam = await upload(memberA, await photo('jpeg', 50, 50), { unitId: d.schoolB2.id });
    expect(notTeam.statusCode).toBe(404);
    const noUnit = await upload(memberA, await photo('jpeg', 50, 50));
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().error.message).toBe('请选择文件所属的学校或校区');
    // Bureau staff name the school too, and only a school or campus holds files.
    expect((await upload(bureauStaff, await photo('jpeg', 50, 50))).statusCode).toBe(400);
    expect((await upload(bureauStaff, await photo('jpeg', 50, 50), { unitId: d.area1.id })).statusCode).toBe(400);
    expect((await upload(bureauStaff, await photo('jpeg', 50, 50), { unitId: d.schoolB1.id })).statusCode).toBe(201);
    expect((await upload(bureauStaff, await photo('jpeg', 50, 50), { unitId: 'abc' })).statusCode).toBe(400);
    // The bureau's own documents belong to the bureau, named by its own staff; schools never see them.
    const own = await upload(bureauStaff, await photo('jpeg', 50, 50), { unitId: d.bureau.id });
    expect(own.statusCode).toBe(201);
    expect((await staffA1.get(`/api/files/${own.json().id}`)).statusCode).toBe(404);
    expect((await upload(memberA, await photo('jpeg', 50, 50), { unitId: d.bureau.id })).statusCode).toBe(404);
  });

  it('answers 404 for a file of another school, exactly as for a missing one, on all three reads', async () => {
    const ref = (await upload(staffA1, await photo('jpeg', 60, 40))).json<FileRef>();
    for (const suffix of ['', '/thumbnail', '/meta']) {
      const out = await adminB1.get(`/api/files/${ref.id}${suffix}`);
      const missing = await adminB1.get(`/api/files/999999999${suffix}`);
      expect(out.statusCode).toBe(404);
      expect(out.json()).toEqual(missing.json());
      expect(out.headers['content-disposition']).toBeUndefined();
      expect((await memberB.get(`/api/files/${ref.id}${suffix}`)).statusCode).toBe(404);
      expect((await memberA.get(`/api/files/${ref.id}${suffix}`)).statusCode).toBe(200);
      expect((await bureauStaff.get(`/api/files/${ref.id}${suffix}`)).statusCode).toBe(200);
    }
    const meta = await staffA1.get(`/api/files/${ref.id}/meta`);
    expect(meta.json()).toEqual(ref);
  });

  it('records the upload in the audit trail with id, SHA-256, size and unit', async () => {
    const ref = (await upload(staffA1, await photo('png', 70, 70), { filename: 'a.png' })).json<FileRef>();
    const row = await rowOf(ref.id);
    const ev = await t()
      .tdb.db.selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'file.upload')
      .where('object_id', '=', ref.id)
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ object_type: 'file', actor_user_id: d.users.schoolStaffA1.id });
    expect(ev.details).toMatchObject({ sha256: row.sha256, sizeBytes: ref.sizeBytes, unitId: d.schoolA1.id });
  });

  it('stores the same bytes once however often they are uploaded', async () => {
    const bytes = await photo('jpeg', 90, 90);
    const a = (await upload(staffA1, bytes)).json<FileRef>();
    const b = (await upload(staffA1, bytes)).json<FileRef>();
    expect(a.id).not.toBe(b.id);
    const [ra, rb] = [await rowOf(a.id), await rowOf(b.id)];
    expect(ra.sha256).toBe(rb.sha256);
    expect(filesUnder(path.join(dataDir, 'files')).filter((f) => f.endsWith(ra.sha256))).toHaveLength(1);
  });

  it('answers 304 to a browser that already holds the file', async () => {
    const ref = (await upload(staffA1, await photo('jpeg', 40, 40))).json<FileRef>();
    const first = await staffA1.get(`/api/files/${ref.id}`);
    const again = await t().app.inject({ method: 'GET', url: `/api/files/${ref.id}`, headers: { cookie: staffA1.cookie, 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('answers 500, never a partial file, when the stored bytes are missing or damaged', async () => {
    const ref = (await upload(staffA1, await photo('jpeg', 300, 300), { filename: 'gone.jpg' })).json<FileRef>();
    const row = await rowOf(ref.id);
    const full = fs.readFileSync(blobPath(row.sha256));
    fs.writeFileSync(blobPath(row.sha256), full.subarray(0, 100));
    const cut = await staffA1.get(`/api/files/${ref.id}`);
    expect(cut.statusCode).toBe(500);
    expect(cut.json().error.code).toBe('INTERNAL');
    expect(cut.headers['content-type']).toMatch(/^application\/json/);
    fs.rmSync(blobPath(row.sha256));
    const gone = await staffA1.get(`/api/files/${ref.id}`);
    expect(gone.statusCode).toBe(500);
    expect((await staffA1.get(`/api/files/${ref.id}/meta`)).statusCode).toBe(200);
  });

  it('loadFilesInScope returns files only when all are in scope; fileRefsByIds describes ids for responses', async () => {
    const a = (await upload(staffA1, await photo('jpeg', 20, 20))).json<FileRef>();
    const b = (await upload(adminB1, PDF, { filename: 'b.pdf' })).json<FileRef>();
    const db = t().tdb.db;
    const scopeA1 = await resolveScope(db, { userId: d.users.schoolStaffA1.id, role: 'school_staff', unitPath: (await rowOf(a.id)).unit_path });
    const got = await loadFilesInScope(db, scopeA1, [a.id, a.id]);
    expect(got).toEqual([{ ...a, unitId: d.schoolA1.id, unitPath: (await rowOf(a.id)).unit_path }]);

    const e = await loadFilesInScope(db, scopeA1, [a.id, b.id, '999999999']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect((e as AppError).message).toBe(`以下文件不存在或不在您的权限范围内：${b.id}、999999999`);

    expect(await fileRefsByIds(db, [b.id, 'x', a.id, '999999999'])).toEqual([b, a]);
    expect(await loadFilesInScope(db, scopeA1, [])).toEqual([]);
  });
});

describe('evidence files: size limit', () => {
  const dataDir = tempDataDir();
  const t = useTestApp({ dataDir, fileMaxBytes: 200 * 1024 });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('answers 413 with the limit in Chinese and writes nothing (no row, no file)', async () => {
    const d = await buildDistrict(t().tdb.db);
    const staff = await login(t().app, d.users.schoolStaffA1.username, d.users.schoolStaffA1.password);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024, 0x20)]);
    const res = await uploadBytes(t().app, staff, big, { filename: 'big.pdf', contentType: 'application/pdf' });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: '文件不能超过 200 KB' });
    const rows = await sql<{ n: string }>`SELECT count(*) AS n FROM file_object`.execute(t().tdb.db);
    expect(Number(rows.rows[0]!.n)).toBe(0);
    expect(filesUnder(path.join(dataDir, 'files'))).toEqual([]);

    // Just under the limit is fine.
    const ok = await uploadBytes(t().app, staff, big.subarray(0, 200 * 1024), { filename: 'ok.pdf' });
    expect(ok.statusCode).toBe(201);
  });

  it('answers a 50 MB upload over real HTTP with 413 long before the client has sent it all', async () => {
    const d = await buildDistrict(t().tdb.db);
    const staff = await login(t().app, d.users.schoolStaffA1.username, d.users.schoolStaffA1.password);
    await t().app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t().app.server.address() as { port: number };
    const filesBefore = filesUnder(path.join(dataDir, 'files'));
    const boundary = 'xiaoanBigUpload';
    const total = 50 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const answer = await new Promise<{ status: number; body: string; sentWhenAnswered: number }>((resolve, reject) => {
      const req = http.request(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/api/files',
          headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
        },
        (res) => {
          const sentWhenAnswered = sent;
          let body = '';
          res.on('data', (x: Buffer) => (body += x.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body, sentWhenAnswered }));
        },
      );
      req.on('error', reject);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(answer.sentWhenAnswered).toBeLessThan(total / 2);
    expect(filesUnder(path.join(dataDir, 'files'))).toEqual(filesBefore);
  });

  it('states the default limit as 10 MB', () => {
    expect(`文件不能超过 ${sizeLabel(10 * 1024 * 1024)}`).toBe('文件不能超过 10 MB');
  });
});
