import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { pwaPlugin } from './build/pwa-plugin';

// Served by the Fieldkeep server under /field/. `fieldkeep-source` compiles @fieldkeep/domain from its
// TypeScript source; the default conditions ('module', 'browser', 'development|production') are kept.
// pwaPlugin adds the manifest, icons and the service worker (build only; `vite dev` runs without one).
export default defineConfig({
  base: '/field/',
  plugins: [react(), pwaPlugin()],
  resolve: { conditions: ['fieldkeep-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod ships comments Rollup cannot place; harmless, and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
  server: { port: 5174, proxy: { '/api': 'http://localhost:3000' } },
});
