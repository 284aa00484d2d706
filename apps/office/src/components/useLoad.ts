import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again (after a change), keeping what is shown until the answer comes. */
  reload: () => void;
  /** Replaces the data locally (e.g. with what a save answered). */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/**
 * Loads data for a page; the latest call wins, so fast filter changes never show stale answers.
 * When the deps change, what was shown is cleared (another site's warnings must never linger) unless
 * `keepPrevious` says the old rows may stay while the new ones load (a list being filtered).
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList, opts: { keepPrevious?: boolean } = {}): Loaded<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  // The caller's deps decide when to load again.
  const run = useCallback(load, deps);
  const keepPrevious = opts.keepPrevious ?? false;

  useEffect(() => {
    if (!keepPrevious) {
      setDataState(undefined);
      setError(null);
    }
  }, [run, keepPrevious]);

  useEffect(() => {
    const call = ++latest.current;
    setLoading(true);
    run().then(
      (value) => {
        if (call !== latest.current) return;
        setDataState(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (call !== latest.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, [run, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}
