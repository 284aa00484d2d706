import { Button, Group, Modal, NativeSelect, PasswordInput, Radio, Stack, TextInput } from '@mantine/core';
import { LIMITS, type TClient, type TCreateUserRequest, type TRole, type TUser } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { api, ApiError, fieldErrors } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { isRole, ROLE_OPTIONS } from '../../../components/roleLabels';
import { ClientOrgField } from './ClientOrgField';

interface Props {
  opened: boolean;
  onClose: () => void;
  clients: TClient[];
  onClientAdded: (client: TClient) => void;
  onCreated: (user: TUser, invited: boolean) => void;
}

type Mode = 'invite' | 'password';

export function AddUserModal({ opened, onClose, clients, onClientAdded, onCreated }: Props) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [login, setLogin] = useState('');
  const [role, setRole] = useState<TRole>('engineer');
  const [clientId, setClientId] = useState('');
  const [mode, setMode] = useState<Mode>('invite');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const hasEmail = email.trim() !== '';
  const effectiveMode: Mode = hasEmail ? mode : 'password';
  const errors = fieldErrors(error);
  // A taken sign-in name (or email, which is the default sign-in name) belongs beside that field.
  if (error instanceof ApiError && error.code === 'login_taken') errors[login.trim() ? 'login' : 'email'] ??= error.message;
  const passwordTooShort = effectiveMode === 'password' && password.length > 0 && password.length < LIMITS.passwordMinLength;

  const reset = () => {
    setName('');
    setEmail('');
    setLogin('');
    setRole('engineer');
    setClientId('');
    setMode('invite');
    setPassword('');
    setError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const input: TCreateUserRequest = {
      name: name.trim(),
      email: hasEmail ? email.trim() : null,
      role,
      sendInvitation: effectiveMode === 'invite',
      ...(login.trim() ? { login: login.trim() } : {}),
      ...(role === 'client' ? { clientId: clientId || null } : {}),
      ...(effectiveMode === 'password' ? { password } : {}),
    };
    try {
      const { user } = await api.createUser(input);
      onCreated(user, effectiveMode === 'invite');
      reset();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Add user" size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not add the user" />
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
          <TextInput
            label="Email address"
            description="Optional, but needed for invitations and for resetting a forgotten password."
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          <TextInput
            label="Sign-in name"
            description={hasEmail ? 'Optional: people with an email address sign in with it.' : 'Required without an email address, e.g. apprentice1.'}
            required={!hasEmail}
            autoCapitalize="none"
            spellCheck={false}
            value={login}
            onChange={(e) => setLogin(e.currentTarget.value)}
            error={errors.login}
          />
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
          <Radio.Group
            label="How will they get in?"
            description={hasEmail ? undefined : 'Without an email address, set a password now and tell them in person.'}
            value={effectiveMode}
            onChange={(v) => setMode(v === 'password' ? 'password' : 'invite')}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="invite" label="Send an invitation email (they choose their own password)" disabled={!hasEmail} />
              <Radio value="password" label="Set a password now" />
            </Stack>
          </Radio.Group>
          {effectiveMode === 'password' && (
            <PasswordInput
              label="Password"
              description={`At least ${LIMITS.passwordMinLength} characters.`}
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password ?? (passwordTooShort ? `Use at least ${LIMITS.passwordMinLength} characters.` : undefined)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
