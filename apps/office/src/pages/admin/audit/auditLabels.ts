import type { TAuditAction } from '@fieldkeep/domain';

/**
 * Audit actions that need more than their name to read well. Others (and actions added later in the
 * domain) are spelled from their name: "site.created" → "Site created".
 */
const LABELS: Partial<Record<TAuditAction, string>> = {
  'auth.sign_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.sign_out': 'Signed out',
  'auth.locked': 'Account locked',
  'auth.password_reset_requested': 'Password reset requested',
  'auth.password_reset': 'Password reset',
  'auth.invitation_sent': 'Invitation sent',
  'auth.invitation_accepted': 'Invitation accepted',
  'user.created': 'User added',
  'user.updated': 'User changed',
  'user.password_set': 'Password set by admin',
  'client.created': 'Client organisation added',
  'message.retried': 'Email retried',
};

export function auditActionLabel(action: TAuditAction): string {
  const known = LABELS[action];
  if (known) return known;
  const words = action.replace(/[._]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Actions that deserve a second look get a warning colour (their label already says what happened). */
export const WARNING_ACTIONS: ReadonlySet<string> = new Set<TAuditAction>(['auth.sign_in_failed', 'auth.locked']);

/** `details` in one line: `reason: unknown_login, fields: email`. */
export function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}
