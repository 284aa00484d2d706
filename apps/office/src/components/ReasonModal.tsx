import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from './ErrorAlert';

interface Props {
  title: string;
  /** What is about to happen, in a sentence. */
  intro: string;
  reasonLabel: string;
  /** Refuse to confirm without a reason. */
  required?: boolean;
  confirmLabel: string;
  danger?: boolean;
  onClose: () => void;
  /** Does the work; a thrown error is shown in the dialog. */
  onConfirm: (reason: string) => Promise<void>;
}

/** Asks why before something is removed or aborted (the reason goes to the audit log). */
export function ReasonModal({ title, intro, reasonLabel, required, confirmLabel, danger, onClose, onConfirm }: Props) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const missing = required && !reason.trim();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (missing) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Text>{intro}</Text>
          <ErrorAlert error={error} />
          <Textarea
            label={reasonLabel}
            description={required ? 'Required: it is kept with the record.' : 'Optional: kept with the record.'}
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={busy} disabled={missing}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
