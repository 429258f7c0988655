import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress, serviceWorker } from './vite-plugins.ts';

const NM = String.raw`node_modules[\\/]`;
const pkg = (names: string) => new RegExp(`${NM}(?:${names})[\\\\/]`);
const ANTD = pkg(String.raw`antd|@ant-design|@rc-component|rc-[a-z-]+|@emotion|stylis|@babel[\\/]runtime|classnames|clsx|throttle-debounce|compute-scroll-into-view|scroll-into-view-if-needed|json2mq|string-convert|copy-to-clipboard|toggle-selection`);

// Vendor code goes into stable chunks (react, antd + icons, the rest), so a change to
// a page does not invalidate them in the browser cache. antd is split in two: what the
// shell needs ($initial: reached by static imports from the entry), and the parts only
// lazily loaded pages use (tables, trees, forms, upload, …), cut by the set of pages
// that use each part (entriesAware) so a page loads only its own. Measured: the login
// page loads ~290 kB gzip in all; merging the small per-page parts (threshold 8–16 kB)
// made it ~370 kB, so they are not merged.
export default defineConfig({
  plugins: [react(), serviceWorker(), precompress()],
  build: {
    outDir: 'dist',
    manifest: true,
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Chunks shared by several pages are named after all of them; a short name suffices.
        chunkFileNames: (chunk) => (chunk.name.startsWith('antd-pages~') ? 'assets/antd-p-[hash].js' : 'assets/[name]-[hash].js'),
        codeSplitting: {
          groups: [
            { name: 'react', test: pkg('react|react-dom|scheduler|react-router|cookie|set-cookie-parser'), priority: 40 },
            // TypeBox comes with the contracts' runtime values (HAZARD_ACTION_PATHS), which only
            // hazard pages use: its own chunk keeps it out of the shared vendor chunk.
            { name: 'typebox', test: pkg('typebox'), priority: 35 },
            // ECharts (the dashboard's charts) is large and used by the dashboard pages only.
            { name: 'echarts', test: pkg('echarts|zrender|tslib'), priority: 36 },
            { name: 'antd', test: ANTD, tags: ['$initial'], priority: 30 },
            { name: 'antd-pages', test: ANTD, priority: 20, entriesAware: true, entriesAwareMergeThreshold: 0 },
            { name: 'vendor', test: new RegExp(NM), priority: 10 },
            // The domain package (rules, labels, the plan parser) is cut by the pages that use each
            // part, like antd's: the login page needs the role table, not the campaign parser.
            { name: 'domain', test: /packages[\\/]domain[\\/]/, priority: 5, entriesAware: true, entriesAwareMergeThreshold: 0 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
