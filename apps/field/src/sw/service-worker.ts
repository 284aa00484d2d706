/**
 * The field app's service worker (compiled by build/pwa-plugin.ts into dist/sw.js, which prepends
 * PRECACHE — every built file — and VERSION). It keeps the app shell so the app opens with no
 * network; it never touches /api: sync requests go from the page, where "offline" really is offline
 * (DESIGN.md "Testing notes").
 *
 * Written against the DOM lib (this project's lib) with the few worker types it needs declared here.
 */

declare const PRECACHE: string[];
declare const VERSION: string;

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface WorkerScope {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
}

const sw = self as unknown as WorkerScope;
const CACHE = `fieldkeep-field-${VERSION}`;
const scopeUrl = new URL(sw.registration.scope);
const shellUrl = scopeUrl.href;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `cache: 'reload'` bypasses the HTTP cache so the shell matches this build's files.
      await cache.addAll(PRECACHE.map((p) => new Request(new URL(p, scopeUrl).href, { cache: 'reload' })));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('fieldkeep-field-') && key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scopeUrl.origin || !url.pathname.startsWith(scopeUrl.pathname)) return; // /api and the office app: untouched
  if (req.mode === 'navigate') {
    event.respondWith(fromCache(shellUrl, req));
    return;
  }
  event.respondWith(fromCache(req.url, req));
});

/** Cache first (the precached build), network for anything not precached. */
async function fromCache(key: string, req: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key, { ignoreSearch: true });
  return hit ?? fetch(req);
}
