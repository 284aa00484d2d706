import { useSyncExternalStore } from 'react';

/** The app's few pages as URLs under /field/, so reload and the back button keep the engineer's place. */
export type Route =
  | { name: 'day' }
  | { name: 'visit'; id: string }
  | { name: 'risk'; id: string }
  | { name: 'visit-form'; id: string; formId: string }
  | { name: 'signature'; id: string }
  | { name: 'start-of-day' }
  | { name: 'time' };

const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest.split('/').filter(Boolean);
  if (parts[0] === 'visits' && parts[1]) {
    if (parts[2] === 'risk-assessment') return { name: 'risk', id: parts[1] };
    if (parts[2] === 'forms' && parts[3]) return { name: 'visit-form', id: parts[1], formId: parts[3] };
    if (parts[2] === 'signature') return { name: 'signature', id: parts[1] };
    return { name: 'visit', id: parts[1] };
  }
  if (parts[0] === 'start-of-day') return { name: 'start-of-day' };
  if (parts[0] === 'time') return { name: 'time' };
  return { name: 'day' };
}

export function routeHref(r: Route): string {
  switch (r.name) {
    case 'day':
      return `${BASE}/`;
    case 'visit':
      return `${BASE}/visits/${r.id}`;
    case 'risk':
      return `${BASE}/visits/${r.id}/risk-assessment`;
    case 'visit-form':
      return `${BASE}/visits/${r.id}/forms/${r.formId}`;
    case 'signature':
      return `${BASE}/visits/${r.id}/signature`;
    case 'start-of-day':
      return `${BASE}/start-of-day`;
    case 'time':
      return `${BASE}/time`;
  }
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(r: Route, opts: { replace?: boolean } = {}): void {
  const href = routeHref(r);
  if (opts.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.scrollTo(0, 0);
  listeners.forEach((l) => l());
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export function useRoute(): Route {
  const path = useSyncExternalStore(subscribe, () => location.pathname);
  return parseRoute(path);
}
