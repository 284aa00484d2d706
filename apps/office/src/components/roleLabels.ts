import { ROLES, type TRole } from '@fieldkeep/domain';

export const ROLE_LABELS: Record<TRole, string> = {
  admin: 'Admin',
  office: 'Office',
  engineer: 'Engineer',
  client: 'Client',
};

const ROLE_HINTS: Record<TRole, string> = {
  admin: 'Admin — everything, including users and mail',
  office: 'Office — plans and follows the work',
  engineer: 'Engineer — uses the field app',
  client: 'Client — sees their organisation’s portal',
};

/** Options for a role <select>, in the shared order. */
export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_HINTS[r] }));

export function isRole(value: string): value is TRole {
  return (ROLES as readonly string[]).includes(value);
}
