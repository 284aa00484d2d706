import { Alert, Button, Group, Modal, NativeSelect, Stack, Switch, TextInput } from '@mantine/core';
import type { TClient, TRole, TUpdateUserRequest, TUser } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { api, ApiError, fieldErrors } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { isRole, ROLE_OPTIONS } from '../../../components/roleLabels';
import { ClientOrgField } from './ClientOrgField';

interface Props {
  user: TUser;
  onClose: () => void;
  clients: TClient[];
  onClientAdded: (client: TClient) => void;
  onSaved: (user: TUser) => void;
}

/** Rendered only while editing one user (mount it with `key={user.id}` so the fields start fresh). */
export function EditUserModal({ user, onClose, clients, onClientAdded, onSaved }: Props) {
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email ?? '');
  const [role, setRole] = useState<TRole>(user.role);
  const [clientId, setClientId] = useState(user.clientId ?? '');
  const [disabled, setDisabled] = useState(user.disabled);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  if (error instanceof ApiError && error.code === 'login_taken') errors.email ??= error.message;

  const patch = (): TUpdateUserRequest => {
    const p: TUpdateUserRequest = {};
    const nextEmail = email.trim() === '' ? null : email.trim();
    const nextClient = role === 'client' ? clientId || null : null;
    if (name.trim() !== user.name) p.name = name.trim();
    if (nextEmail !== user.email) p.email = nextEmail;
    if (role !== user.role) p.role = role;
    if (nextClient !== user.clientId) p.clientId = nextClient;
    if (disabled !== user.disabled) p.disabled = disabled;
    return p;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const changes = patch();
    if (Object.keys(changes).length === 0) return onClose();
    setError(null);
    setBusy(true);
    try {
      const { user: saved } = await api.updateUser(user.id, changes);
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Edit ${user.name}`} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not save the changes" />
          <TextInput label="Sign-in name" value={user.login} readOnly description="The sign-in name cannot be changed." />
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
          <TextInput
            label="Email address"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          {user.email && email.trim() === '' && (
            <Alert color="yellow" title="Removing the email address">
              This person will not be able to reset their own password.
            </Alert>
          )}
          <NativeSelect
            label="Role"
            data={ROLE_OPTIONS}
            value={role}
            onChange={(e) => isRole(e.currentTarget.value) && setRole(e.currentTarget.value)}
            error={errors.role}
          />
          {role === 'client' && (
            <ClientOrgField clients={clients} value={clientId} onChange={setClientId} onClientAdded={onClientAdded} error={errors.clientId} />
          )}
          <Switch
            label="Account disabled (cannot sign in)"
            checked={disabled}
            onChange={(e) => setDisabled(e.currentTarget.checked)}
            error={errors.disabled}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
