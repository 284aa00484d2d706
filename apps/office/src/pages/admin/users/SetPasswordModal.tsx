import { Modal, Text } from '@mantine/core';
import type { TUser } from '@fieldkeep/domain';
import { api } from '../../../api/client';
import { NewPasswordForm } from '../../../components/NewPasswordForm';

export function SetPasswordModal({ user, onClose, onDone }: { user: TUser; onClose: () => void; onDone: () => void }) {
  return (
    <Modal opened onClose={onClose} title={`Set a password for ${user.name}`}>
      <Text size="sm" mb="md">
        Tell {user.name} the new password in person. Setting it also clears any lockout.
      </Text>
      <NewPasswordForm
        submitLabel="Set password"
        onSubmit={async (password) => {
          await api.setUserPassword(user.id, password);
          onDone();
        }}
      />
    </Modal>
  );
}
