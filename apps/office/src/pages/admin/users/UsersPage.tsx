import { Alert, Button, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import type { TClient, TUser } from '@fieldkeep/domain';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../../api/client';
import { DataTable, type Column } from '../../../components/DataTable';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ROLE_LABELS } from '../../../components/roleLabels';
import { formatDateTime, isFuture } from '../../../format/dates';
import { AddUserModal } from './AddUserModal';
import { EditUserModal } from './EditUserModal';
import { SetPasswordModal } from './SetPasswordModal';
import { EmailCell, UserStatusBadges, userStatusText } from './UserBadges';

type Dialog = { kind: 'add' } | { kind: 'edit'; user: TUser } | { kind: 'password'; user: TUser } | null;

export function UsersPage() {
  const [users, setUsers] = useState<TUser[] | null>(null);
  const [clients, setClients] = useState<TClient[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [dialog, setDialogState] = useState<Dialog>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const setDialog = (d: Dialog) => {
    if (d) {
      setNotice(null);
      setActionError(null);
    }
    setDialogState(d);
  };

  const load = useCallback(async () => {
    try {
      setUsers((await api.listUsers()).users);
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, []);
  // Client organisations only matter when adding or editing a client user: a failure here leaves the list usable.
  const [clientsError, setClientsError] = useState<unknown>(null);
  useEffect(() => {
    api.listClients().then((c) => setClients(c.clients), setClientsError);
  }, []);
  useEffect(() => void load(), [load]);

  const replace = (user: TUser) => setUsers((list) => (list ?? []).map((u) => (u.id === user.id ? user : u)));
  const addClient = (client: TClient) => setClients((list) => [...list, client]);

  const act = async (user: TUser, action: () => Promise<string>) => {
    setBusyId(user.id);
    setActionError(null);
    setNotice(null);
    try {
      setNotice(await action());
    } catch (err) {
      setActionError(err);
    } finally {
      setBusyId(null);
    }
  };
  const unlock = (user: TUser) =>
    act(user, async () => {
      replace((await api.updateUser(user.id, { unlock: true })).user);
      return `${user.name} is unlocked and can sign in again.`;
    });
  const resend = (user: TUser) =>
    act(user, async () => {
      await api.resendInvitation(user.id);
      return `A new invitation is on its way to ${user.email ?? user.name}.`;
    });

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!users || !q) return users ?? [];
    return users.filter((u) =>
      [u.name, u.login, u.email ?? 'no email', ROLE_LABELS[u.role], userStatusText(u)].some((f) => f.toLowerCase().includes(q)),
    );
  }, [users, filter]);
  const withoutEmail = (users ?? []).filter((u) => !u.canResetPassword).length;

  const columns: Column<TUser>[] = [
    { key: 'name', header: 'Name', render: (u) => <Text fw={500}>{u.name}</Text>, sortValue: (u) => u.name },
    { key: 'login', header: 'Sign-in name', render: (u) => u.login, sortValue: (u) => u.login },
    { key: 'email', header: 'Email', render: (u) => <EmailCell user={u} /> },
    { key: 'role', header: 'Role', render: (u) => ROLE_LABELS[u.role], sortValue: (u) => ROLE_LABELS[u.role] },
    { key: 'status', header: 'Status', render: (u) => <UserStatusBadges user={u} />, sortValue: userStatusText },
    { key: 'lastSignIn', header: 'Last sign-in', render: (u) => formatDateTime(u.lastSignInAt), sortValue: (u) => u.lastSignInAt ?? '' },
    {
      key: 'actions',
      header: 'Actions',
      render: (u) => (
        <Group gap={6} wrap="nowrap">
          <Button size="compact-sm" variant="light" onClick={() => setDialog({ kind: 'edit', user: u })} aria-label={`Edit ${u.name}`}>
            Edit
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => setDialog({ kind: 'password', user: u })} aria-label={`Set password for ${u.name}`}>
            Set password
          </Button>
          {isFuture(u.lockedUntil) && (
            <Button size="compact-sm" color="red" variant="light" loading={busyId === u.id} onClick={() => void unlock(u)} aria-label={`Unlock ${u.name}`}>
              Unlock
            </Button>
          )}
          {u.email && !u.hasPassword && (
            <Button size="compact-sm" variant="default" loading={busyId === u.id} onClick={() => void resend(u)} aria-label={`Resend invitation to ${u.name}`}>
              Resend invitation
            </Button>
          )}
        </Group>
      ),
    },
  ];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Users</Title>
        <Button onClick={() => setDialog({ kind: 'add' })}>Add user</Button>
      </Group>
      {notice && (
        <Alert color="green" title="Done" role="status" withCloseButton closeButtonLabel="Dismiss message" onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <ErrorAlert error={actionError} />
      <ErrorAlert error={loadError} title="Could not load the users" />
      <ErrorAlert error={clientsError} title="Could not load the client organisations" />
      {withoutEmail > 0 && (
        <Alert color="orange" title="Some people cannot reset their password">
          {withoutEmail === 1 ? '1 user has' : `${withoutEmail} users have`} no email address: they cannot reset their own password. Add
          one.{' '}
          <Button variant="subtle" size="compact-sm" onClick={() => setFilter('no email')}>
            Show them
          </Button>
        </Alert>
      )}
      <TextInput
        label="Filter users"
        placeholder="Name, sign-in name, email, role or status"
        value={filter}
        onChange={(e) => setFilter(e.currentTarget.value)}
        maw={420}
      />
      {users === null ? (
        !loadError && <Loader aria-label="Loading users" />
      ) : (
        <DataTable
          caption="Users"
          columns={columns}
          rows={shown}
          rowKey={(u) => u.id}
          initialSort={{ key: 'name', direction: 'asc' }}
          minWidth={1180}
          empty={filter ? 'No user matches that filter.' : 'No users yet.'}
        />
      )}
      <AddUserModal
        opened={dialog?.kind === 'add'}
        onClose={() => setDialog(null)}
        clients={clients}
        onClientAdded={addClient}
        onCreated={(user, invited) => {
          setUsers((list) => [...(list ?? []), user]);
          setDialog(null);
          setNotice(invited ? `${user.name} is added and an invitation is on its way to ${user.email}.` : `${user.name} is added and can sign in as ${user.login}.`);
        }}
      />
      {dialog?.kind === 'edit' && (
        <EditUserModal
          key={dialog.user.id}
          user={dialog.user}
          clients={clients}
          onClientAdded={addClient}
          onClose={() => setDialog(null)}
          onSaved={(user) => {
            replace(user);
            setDialog(null);
            setNotice(`Changes to ${user.name} are saved.`);
          }}
        />
      )}
      {dialog?.kind === 'password' && (
        <SetPasswordModal
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setNotice(`${dialog.user.name} has a new password. Tell them in person.`);
            void load();
          }}
        />
      )}
    </Stack>
  );
}
