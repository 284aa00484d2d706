import { dayRangeUtc, localDate, type TDeviceProblem, type TStatusEntry, type TStatusItem, type TStatusLevel } from '@fieldkeep/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { STATUS_THRESHOLDS as T } from './status.config.js';
import { gauge, tenantOf, type Judged, type StatusScope } from './scope.js';
import { listDevices, usersWithWorkUnderWay, type DeviceRow } from './status.repository.js';
import { ago, listing, plural, span } from './wording.js';

/**
 * A device's last error is the application's problem (not the network's, not the data's) when the
 * server could not serve it: a mutation this server does not know (a newer app), a server fault, or
 * a batch the server could not take as sent. Only while it is newer than the last good push.
 */
const APPLICATION_ERROR = /^(unsupported mutation|server error|internal_error|out_of_order|validation_failed)/;

export function hasApplicationError(d: Pick<DeviceRow, 'last_error' | 'last_error_at' | 'last_push_at'>): boolean {
  if (!d.last_error || !d.last_error_at) return false;
  if (d.last_push_at && d.last_push_at > d.last_error_at) return false;
  return APPLICATION_ERROR.test(d.last_error);
}

const lastSeen = (d: DeviceRow): string | null => {
  const a = d.last_push_at;
  const b = d.last_pull_at;
  return a && b ? (a > b ? a : b) : (a ?? b);
};

export interface DeviceJudgement {
  device: DeviceRow;
  problems: TDeviceProblem[];
}

/**
 * Classifies every live device: **data** (refused changes wait for the office), **application**
 * (the last sync failed on the server's side), **connectivity** (the user's newest device has not
 * been seen for 3 hours while one of their visits today is under way, or ended under 2 hours ago).
 */
export async function judgeDevices(db: Kysely<DB>, tenantId: string | undefined, now: Date): Promise<DeviceJudgement[]> {
  const devices = await listDevices(db, tenantId);
  // The newest device of each user: an old phone left in a drawer is not a connectivity problem.
  const newest = new Map<string, DeviceRow>();
  for (const d of devices) {
    const cur = newest.get(d.user_id);
    if (!cur || (lastSeen(d) ?? d.created_at) > (lastSeen(cur) ?? cur.created_at)) newest.set(d.user_id, d);
  }
  const byZone = new Map<string, string[]>();
  for (const d of newest.values()) byZone.set(d.time_zone, [...(byZone.get(d.time_zone) ?? []), d.user_id]);
  const working = new Set<string>();
  for (const [zone, users] of byZone) {
    const { start } = dayRangeUtc(localDate(now, zone), zone);
    for (const u of await usersWithWorkUnderWay(db, users, { start, now: now.toISOString(), endedAfter: new Date(now.getTime() - T.visitOverMs).toISOString() })) working.add(u);
  }
  return devices.map((d) => {
    const problems: TDeviceProblem[] = [];
    if (d.unresolved > 0) problems.push('data');
    if (hasApplicationError(d)) problems.push('application');
    const seen = lastSeen(d);
    if (newest.get(d.user_id) === d && working.has(d.user_id) && (!seen || now.getTime() - Date.parse(seen) > T.deviceSilentMs)) problems.push('connectivity');
    return { device: d, problems };
  });
}

export function deviceStatus(problems: readonly TDeviceProblem[]): TStatusLevel {
  if (problems.includes('data') || problems.includes('application')) return 'red';
  return problems.includes('connectivity') ? 'amber' : 'green';
}

export const deviceTitle = (d: Pick<DeviceRow, 'user_name' | 'client_id'>) => `${d.user_name} — device ${d.client_id.length > 14 ? `${d.client_id.slice(0, 12)}…` : d.client_id}`;

export function deviceText(j: DeviceJudgement, now: Date): string {
  const d = j.device;
  const parts: string[] = [];
  if (j.problems.includes('data')) parts.push(`${plural(d.unresolved, 'change')} from this device ${d.unresolved === 1 ? 'was' : 'were'} refused and ${d.unresolved === 1 ? 'waits' : 'wait'} for the office to deal with ${d.unresolved === 1 ? 'it' : 'them'} (data).`);
  if (j.problems.includes('application')) parts.push(`The last sync failed on the server's side: ${d.last_error} (application).`);
  if (j.problems.includes('connectivity')) {
    const seen = lastSeen(d);
    parts.push(
      `${seen ? `Not seen for ${span(now.getTime() - Date.parse(seen))}` : 'Never synced'} although ${d.user_name} has a visit under way today: the phone may have no signal, be switched off or signed out (connectivity).`,
    );
  }
  if (parts.length === 0) parts.push(`Synced ${ago(lastSeen(d), now)}.`);
  return parts.join(' ');
}

/** 3. Devices: per device, last sync, app version, refused changes and last error, classified. */
export async function checkDevices(s: StatusScope): Promise<Judged> {
  const { ctx, now } = s;
  const judged = await judgeDevices(ctx.database.read, tenantOf(s.viewer), now);
  const count = (p: TDeviceProblem) => judged.filter((j) => j.problems.includes(p)).length;
  const data = count('data');
  const application = count('application');
  const connectivity = count('connectivity');
  const metrics = [
    gauge('fieldkeep_devices', 'Devices (phones, office replicas) signed in and not revoked.', judged.length),
    gauge('fieldkeep_devices_with_rejections', 'Devices with refused changes waiting for the office (data).', data),
    gauge('fieldkeep_devices_with_app_errors', 'Devices whose last sync failed on the server side (application).', application),
    gauge('fieldkeep_devices_silent', 'Devices not seen for 3 hours while their user has a visit under way (connectivity).', connectivity),
  ];

  const entries: TStatusEntry[] = [];
  if (s.viewer.kind === 'tenant') {
    const ordered = [...judged].sort((a, b) => ['red', 'amber', 'green'].indexOf(deviceStatus(a.problems)) - ['red', 'amber', 'green'].indexOf(deviceStatus(b.problems)));
    for (const j of ordered.slice(0, 100)) {
      const d = j.device;
      entries.push({
        id: d.client_id,
        status: deviceStatus(j.problems),
        title: deviceTitle(d),
        text: deviceText(j, now),
        at: lastSeen(d),
        problems: j.problems,
        facts: [
          { label: 'Last push', value: ago(d.last_push_at, now), ...(d.last_push_at ? { at: d.last_push_at } : {}) },
          { label: 'Last pull', value: ago(d.last_pull_at, now), ...(d.last_pull_at ? { at: d.last_pull_at } : {}) },
          { label: 'App version', value: d.app_version ?? 'not reported' },
          { label: 'Refused changes waiting', value: String(d.unresolved) },
          { label: 'Last error', value: d.last_error ?? 'none', ...(d.last_error_at ? { at: d.last_error_at } : {}) },
        ],
        ...(j.problems.length > 0 ? { action: { label: 'Open the device', href: `/admin/status?device=${encodeURIComponent(d.client_id)}` } } : {}),
      });
    }
  }

  let verdict: Pick<TStatusItem, 'status' | 'summary' | 'action'>;
  if (data + application > 0) {
    const parts: string[] = [];
    if (data) parts.push(`${plural(data, 'device')} with refused changes waiting for the office (data)`);
    if (application) parts.push(`${plural(application, 'device')} whose last sync failed on the server's side (application)`);
    if (connectivity) parts.push(`${plural(connectivity, 'device')} not heard from today (connectivity)`);
    const todo = [
      ...(data ? ['Open the device to see what was refused and deal with it.'] : []),
      ...(application ? ['A change the server does not know means the phone app is newer than the server: update the server (the phone keeps the work).'] : []),
    ];
    verdict = {
      status: 'red',
      summary: `${listing(parts)}. ${todo.join(' ')}`,
      ...(s.viewer.kind === 'tenant' ? { action: { label: 'Open the first device', href: `/admin/status?device=${encodeURIComponent(judged.find((j) => deviceStatus(j.problems) === 'red')!.device.client_id)}` } } : {}),
    };
  } else if (connectivity > 0) {
    verdict = {
      status: 'amber',
      summary: `${plural(connectivity, 'device')} ${connectivity === 1 ? 'has' : 'have'} not synced for over ${span(T.deviceSilentMs)} although ${connectivity === 1 ? 'its engineer has' : 'their engineers have'} a visit under way today. Ring the engineer: no signal, a flat battery or signed out?`,
    };
  } else if (judged.length === 0) {
    verdict = { status: 'green', summary: 'No device has synced yet.' };
  } else {
    verdict = { status: 'green', summary: `${plural(judged.length, 'device')} syncing; no refused changes.` };
  }
  return {
    item: {
      key: 'devices',
      title: 'Devices',
      scope: s.viewer.kind,
      ...verdict,
      details: [
        { label: 'Devices', value: String(judged.length) },
        // Monitoring reads the counts; a person needs only those that are not zero.
        ...[
          { label: 'With refused changes (data)', value: data },
          { label: 'Last sync failed on the server (application)', value: application },
          { label: 'Not heard from while working (connectivity)', value: connectivity },
        ]
          .filter((f) => f.value > 0 || s.viewer.kind === 'server')
          .map((f) => ({ label: f.label, value: String(f.value) })),
      ],
      entries,
    },
    metrics,
  };
}
