/**
 * Registers the service worker of a built app (there is none under `vite dev`). Failure is not
 * fatal: the app still works online; it just cannot open without network until it registers.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const base = import.meta.env.BASE_URL;
  navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch((err: unknown) => {
    console.warn('Fieldkeep: the offline app shell could not be installed.', err);
  });
}
