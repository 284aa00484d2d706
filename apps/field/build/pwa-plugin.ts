import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { transformWithEsbuild, type Plugin, type ResolvedConfig } from 'vite';
import { drawIcon } from './png';

/**
 * Makes the field app installable and able to start with no network:
 * - emits the web manifest and its PNG icons (drawn here, see png.ts);
 * - links the manifest from index.html;
 * - after the bundle is written, compiles src/sw/service-worker.ts into `sw.js` with the list of
 *   every built file to precache and a version derived from their contents (a new build → a new
 *   cache, the old one is dropped when the new worker activates).
 */

const ICON_SIZES = [192, 512] as const;
const SW_SOURCE = 'src/sw/service-worker.ts';

function manifest(base: string): string {
  return JSON.stringify(
    {
      id: base,
      name: 'Fieldkeep — engineers',
      short_name: 'Fieldkeep',
      description: 'Your visits, warnings, notes, photos and signatures — works all day without signal.',
      start_url: base,
      scope: base,
      display: 'standalone',
      orientation: 'portrait',
      background_color: '#ffffff',
      theme_color: '#0b1f3a',
      icons: [
        ...ICON_SIZES.map((s) => ({ src: `icons/icon-${s}.png`, sizes: `${s}x${s}`, type: 'image/png', purpose: 'any' })),
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    null,
    2,
  );
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(path.join(dir, e.name), rel) : [rel];
  });
}

export function pwaPlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'fieldkeep-pwa',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    transformIndexHtml() {
      return [
        { tag: 'link', attrs: { rel: 'manifest', href: `${config.base}manifest.webmanifest` }, injectTo: 'head' },
        { tag: 'link', attrs: { rel: 'apple-touch-icon', href: `${config.base}icons/icon-192.png` }, injectTo: 'head' },
      ];
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source: manifest(config.base) });
      for (const size of ICON_SIZES) this.emitFile({ type: 'asset', fileName: `icons/icon-${size}.png`, source: drawIcon(size) });
    },
    async closeBundle() {
      const outDir = path.resolve(config.root, config.build.outDir);
      const files = listFiles(outDir)
        .filter((f) => f !== 'sw.js' && !f.endsWith('.map'))
        .sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(fs.readFileSync(path.join(outDir, f)));
      const version = hash.digest('hex').slice(0, 12);
      // index.html is the app shell: precached under the scope URL itself, which is what navigations ask for.
      const precache = ['./', ...files.filter((f) => f !== 'index.html')];
      const source = fs.readFileSync(path.resolve(config.root, SW_SOURCE), 'utf8');
      const { code } = await transformWithEsbuild(source, SW_SOURCE, { loader: 'ts', format: 'iife', target: 'es2022', minify: true });
      const header = `const PRECACHE=${JSON.stringify(precache)};const VERSION=${JSON.stringify(version)};\n`;
      fs.writeFileSync(path.join(outDir, 'sw.js'), header + code);
    },
  };
}
