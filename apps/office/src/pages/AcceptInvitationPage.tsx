import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { NewPasswordForm } from '../components/NewPasswordForm';
import { PublicLayout } from '../components/PublicLayout';

/** `/accept-invitation?token=…`: the link in an invitation email. */
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const [done, setDone] = useState(false);

  return (
    <PublicLayout title="Accept your invitation">
      {!token ? (
        <Stack>
          <Alert color="yellow" title="This link is incomplete">
            Open the link from your invitation email exactly as it was sent, or ask your admin to send the invitation again.
          </Alert>
          <Anchor component={Link} to="/sign-in">
            Go to sign in
          </Anchor>
        </Stack>
      ) : done ? (
        <Stack>
          <Alert color="green" title="You are all set" role="status">
            Your password is set. Sign in with your email address and the password you just chose.
          </Alert>
          <Button component={Link} to="/sign-in">
            Go to sign in
          </Button>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">Welcome to Fieldkeep. Choose a password to finish setting up your account.</Text>
          <NewPasswordForm
            submitLabel="Set password and continue"
            onSubmit={async (password) => {
              await api.acceptInvitation(token, password);
              setDone(true);
            }}
          />
        </Stack>
      )}
    </PublicLayout>
  );
}
