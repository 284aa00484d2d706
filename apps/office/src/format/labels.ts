import { JOB_TYPES } from '@fieldkeep/domain';

/** "planned_maintenance" → "Planned maintenance"; free-text job types are shown as typed. */
export function jobTypeLabel(jobType: string): string {
  if (!/^[a-z0-9_]+$/.test(jobType)) return jobType;
  const words = jobType.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const JOB_TYPE_OPTIONS = JOB_TYPES.map((t) => ({ value: t, label: jobTypeLabel(t) }));

/** "1 engineer", "2 engineers". */
export const engineersText = (n: number) => (n === 1 ? '1 engineer' : `${n} engineers`);

/** The site's address on one line. */
export function addressLine(s: { address1: string; address2: string | null; town: string | null; postcode: string }): string {
  return [s.address1, s.address2, s.town, s.postcode].filter(Boolean).join(', ');
}
