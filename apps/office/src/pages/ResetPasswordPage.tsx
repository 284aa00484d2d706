import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { NewPasswordForm } from '../components/NewPasswordForm';
import { PublicLayout } from '../components/PublicLayout';

/** `/reset-password`: ask for a link; `/reset-password?token=…` (the emailed link): choose a new password. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  return token ? <CompleteReset token={token} /> : <RequestReset />;
}

function RequestReset() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await api.requestPasswordReset(email.trim());
      setSent(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout title="Reset your password">
      {sent ? (
        <Stack>
          <Alert color="blue" title="Check your email" role="status">
            If that account has an email address, a reset link is on its way. People without an email address must ask
            their admin.
          </Alert>
          <Anchor component={Link} to="/sign-in">
            Back to sign in
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            <Text size="sm">We will email a link to set a new password. It works once, for a limited time.</Text>
            <ErrorAlert error={error} />
            <TextInput
              label="Email address"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              Email me a reset link
            </Button>
            <Anchor component={Link} to="/sign-in" size="sm">
              Back to sign in
            </Anchor>
          </Stack>
        </form>
      )}
    </PublicLayout>
  );
}

function CompleteReset({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  return (
    <PublicLayout title="Choose a new password">
      {done ? (
        <Stack>
          <Alert color="green" title="Password changed" role="status">
            Your new password is set. Sign in with it now.
          </Alert>
          <Button component={Link} to="/sign-in">
            Go to sign in
          </Button>
        </Stack>
      ) : (
        <Stack>
          <NewPasswordForm
            submitLabel="Set new password"
            onSubmit={async (password) => {
              await api.completePasswordReset(token, password);
              setDone(true);
            }}
          />
          <Anchor component={Link} to="/reset-password" size="sm">
            Link expired? Ask for a new one
          </Anchor>
        </Stack>
      )}
    </PublicLayout>
  );
}
