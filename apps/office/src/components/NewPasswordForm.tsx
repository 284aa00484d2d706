import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import { LIMITS } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../api/client';
import { ErrorAlert } from './ErrorAlert';

interface Props {
  submitLabel: string;
  /** Sends the chosen password; throws an ApiError when the server refuses it. */
  onSubmit: (password: string) => Promise<void>;
}

/** New password + confirmation, checked against the shared limits before the server sees it. */
export function NewPasswordForm({ submitLabel, onSubmit }: Props) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (password.length < LIMITS.passwordMinLength) next.password = `Use at least ${LIMITS.passwordMinLength} characters.`;
    else if (password.length > LIMITS.passwordMaxLength) next.password = `Use at most ${LIMITS.passwordMaxLength} characters.`;
    if (confirm !== password) next.confirm = 'The two passwords are not the same.';
    setErrors(next);
    setError(null);
    if (next.password || next.confirm) return;
    setBusy(true);
    try {
      await onSubmit(password);
    } catch (err) {
      const byField = fieldErrors(err);
      if (byField.password) setErrors({ password: byField.password });
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <ErrorAlert error={error} />
        <PasswordInput
          label="New password"
          description={`At least ${LIMITS.passwordMinLength} characters. A few unrelated words make a good one.`}
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
        />
        <PasswordInput
          label="Confirm password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={errors.confirm}
        />
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
        <Text size="xs" c="dimmed">
          Fieldkeep never shows or emails your password.
        </Text>
      </Stack>
    </form>
  );
}
