// The server under test, started by the runner as `node --import tsx bench/lib/serve.ts`:
// exactly apps/server/src/main.ts, under a command line of its own (so that tools that
// stop "main.ts" processes by name on a shared machine leave the benchmark's server alone).
await import('../../apps/server/src/main.js');
export {};
