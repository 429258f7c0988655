// The load generator: a child process (pinned to its own core by the runner) that runs
// N concurrent keep-alive request loops for T seconds (or until its list of one-shot
// requests is used up) against a loopback server, and records every latency.
// Usage: node --import tsx bench/lib/loadgen.ts <spec.json> <result.json>
import fs from 'node:fs';
import http from 'node:http';

export type LoadRequest = { method: 'GET' | 'POST'; path: string; body?: unknown; headers?: Record<string, string> };
export type LoadSpec = {
  baseUrl: string;
  headers: Record<string, string>;
  concurrency: number;
  durationMs: number;
  /** Unrecorded requests first (reads only), to warm caches and the JIT. */
  warmupMs: number;
  /** 'random': pick any request each time; 'once': each request at most once, in order. */
  order: 'random' | 'once';
  requests: LoadRequest[];
  expectStatus: number[];
  /** Upper bound on recorded requests, whatever the duration. */
  maxRequests: number;
};
export type LoadResult = {
  latenciesMs: number[];
  elapsedMs: number;
  statusCounts: Record<string, number>;
  errors: string[];
  bytes: number;
};

function isUrlLoopback(u: URL): boolean {
  return u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
}

async function main(): Promise<void> {
  const [specFile, outFile] = process.argv.slice(2);
  if (!specFile || !outFile) throw new Error('usage: loadgen.ts <spec.json> <result.json>');
  const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as LoadSpec;
  const base = new URL(spec.baseUrl);
  if (!isUrlLoopback(base)) throw new Error(`refusing a non-loopback target: ${spec.baseUrl}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency, maxFreeSockets: spec.concurrency });
  const bodies = spec.requests.map((r) => (r.body === undefined ? undefined : Buffer.from(JSON.stringify(r.body))));

  const send = (i: number): Promise<{ status: number; bytes: number; text?: string }> =>
    new Promise((resolve, reject) => {
      const r = spec.requests[i]!;
      const body = bodies[i];
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          method: r.method,
          path: r.path,
          agent,
          headers: { ...spec.headers, ...r.headers, ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}) },
        },
        (res) => {
          let bytes = 0;
          const keep: Buffer[] = [];
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (res.statusCode !== undefined && !spec.expectStatus.includes(res.statusCode) && keep.length < 4) keep.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, text: keep.length ? Buffer.concat(keep).toString('utf8').slice(0, 300) : undefined }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (body) req.write(body);
      req.end();
    });

  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const errors: string[] = [];
  let bytes = 0;
  let nextOnce = 0;
  const pickIndex = () => {
    if (spec.order === 'once') return nextOnce < spec.requests.length ? nextOnce++ : -1;
    return Math.floor(Math.random() * spec.requests.length);
  };

  // Warm-up, not recorded.
  if (spec.warmupMs > 0 && spec.order === 'random') {
    const until = performance.now() + spec.warmupMs;
    await Promise.all(
      Array.from({ length: spec.concurrency }, async () => {
        while (performance.now() < until) await send(pickIndex()).catch(() => undefined);
      }),
    );
  }

  const t0 = performance.now();
  const until = t0 + spec.durationMs;
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (performance.now() < until && latencies.length < spec.maxRequests) {
        const i = pickIndex();
        if (i < 0) return;
        const start = performance.now();
        try {
          const res = await send(i);
          latencies.push(performance.now() - start);
          bytes += res.bytes;
          statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
          if (res.text && errors.length < 5) errors.push(`${res.status} ${spec.requests[i]!.path}: ${res.text}`);
        } catch (e) {
          statusCounts.error = (statusCounts.error ?? 0) + 1;
          if (errors.length < 5) errors.push(String(e));
        }
      }
    }),
  );
  const elapsedMs = performance.now() - t0;
  agent.destroy();
  const result: LoadResult = { latenciesMs: latencies, elapsedMs, statusCounts, errors, bytes };
  fs.writeFileSync(outFile, JSON.stringify(result));
}

main().catch((e: unknown) => {
  process.stderr.write(`loadgen: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
