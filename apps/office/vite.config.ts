import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// `fieldkeep-source` makes @fieldkeep/domain resolve to its TypeScript source, so the app needs no
// separate domain build; the defaults ('module', 'browser', 'development|production') are kept.
export default defineConfig({
  base: '/',
  plugins: [react()],
  resolve: { conditions: ['fieldkeep-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      output: {
        // Libraries change less often than our code: separate files stay cached between releases.
        manualChunks(id) {
          const lib = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id)?.[1];
          if (!lib) return undefined;
          if (lib.startsWith('@mantine/') || lib.startsWith('@floating-ui/')) return 'mantine';
          if (lib === 'zod') return 'zod';
          return 'vendor';
        },
      },
      onwarn(warning, warn) {
        // zod ships comments Rollup cannot place; harmless, and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
