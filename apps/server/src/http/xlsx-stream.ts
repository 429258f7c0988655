import { PassThrough, type Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { encodeRfc5987 } from './upload.js';

/*
 * Streaming a workbook to the client (the ledger export, the reporting roll-up): exceljs's
 * streaming writer, back-pressure between batches, a bound on exports running at once, and the
 * response that starts before the first row is read.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Uncompressed sheet data waiting for the compressor, in bytes. */
export const MAX_BACKLOG_BYTES = 2 * 1024 * 1024;

type StreamState = { _writableState?: { length?: number }; _readableState?: { length?: number } };

/**
 * What exceljs 4.4 has written into the sheet but the zip has not yet compressed.
 * Its sheet stream ignores backpressure (it writes on whatever the compressor's
 * input holds), so without this wait a fast database fills memory with the XML of
 * rows not yet deflated. Reads the writer's internals; 0 if they ever change.
 */
export function backlog(ws: unknown): number {
  const sb = (ws as { stream?: { buffers?: unknown[]; pipes?: StreamState[] } }).stream;
  if (!sb) return 0;
  let n = (sb.buffers?.length ?? 0) * 64 * 1024;
  for (const p of sb.pipes ?? []) n += (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0);
  return n;
}

/** A few milliseconds for the compressor; rejects when the client is gone. */
export function pause(signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('export aborted by the client'));
    setTimeout(resolve, 5);
  });
}

/**
 * Resolves on `event`; rejects when the stream closes first or the request is
 * aborted. Removes its listeners either way (one wait per batch must not pile up).
 */
export function settled(out: Writable, event: 'drain' | 'finish', signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off(event, onEvent);
      out.off('close', onClose);
      signal.removeEventListener('abort', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onEvent = () => done();
    const onClose = () => done(event === 'finish' && out.writableFinished ? undefined : new Error('export aborted by the client'));
    if (signal.aborted || out.destroyed) return onClose();
    out.on(event, onEvent);
    out.on('close', onClose);
    signal.addEventListener('abort', onClose);
  });
}

/** A workbook ready to stream: its file name, and the writer that fills `out` (rejecting on abort). */
export type StreamedWorkbook = { fileName: string; writeTo(out: Writable, signal: AbortSignal): Promise<unknown> };

/** How many exports of one kind may run at once in this process (each holds a connection and a cursor). */
export type ExportSlots = { running: number; readonly max: number; readonly busy: string };

export const exportSlots = (max: number, busy: string): ExportSlots => ({ running: 0, max, busy });

/**
 * Opens the export (its scope and input checks answer as usual), then answers with the
 * workbook streamed as it is written; a client that goes away aborts it. `what` names the
 * export in the log.
 */
export async function sendStreamedXlsx(req: FastifyRequest, reply: FastifyReply, slots: ExportSlots, open: () => Promise<StreamedWorkbook>, what: string): Promise<FastifyReply> {
  if (slots.running >= slots.max) throw new AppError('RATE_LIMITED', slots.busy);
  slots.running++;
  let exp: StreamedWorkbook;
  try {
    exp = await open();
  } catch (e) {
    slots.running--;
    throw e;
  }
  const out = new PassThrough();
  const abort = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  reply
    .type(XLSX_MIME)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeRfc5987(exp.fileName)}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff');
  reply.send(out);
  exp
    .writeTo(out, abort.signal)
    .catch((e: unknown) => {
      if (abort.signal.aborted) req.log.info(`${what} aborted by the client`);
      else req.log.error({ err: e }, `${what} failed after the response started`);
      out.destroy(e instanceof Error ? e : new Error(String(e)));
    })
    .finally(() => slots.running--);
  return reply;
}
