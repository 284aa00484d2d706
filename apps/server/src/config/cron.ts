import { Cron } from 'croner';
import { z } from 'zod';

/** True when croner accepts `expr` as a schedule (minute hour day-of-month month day-of-week). */
export function isCron(expr: string): boolean {
  try {
    new Cron(expr, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** An environment variable holding a cron schedule, or "off" when `allowOff`; `example` is shown in the error. */
export const ZCronEnv = (example: string, fallback: string, allowOff = true) =>
  z
    .string()
    .trim()
    .refine(
      (v) => (allowOff && v === 'off') || isCron(v),
      `must be a cron expression such as "${example}" (minute hour day-of-month month day-of-week)${allowOff ? ', or "off"' : ''}`,
    )
    .default(fallback);
