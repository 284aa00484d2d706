import { Button, Group, Loader, Stack, Switch } from '@mantine/core';
import type { TAsset, TWarning } from '@fieldkeep/domain';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ReasonModal } from '../../components/ReasonModal';
import { useLoad } from '../../components/useLoad';
import { WarningsPanel } from '../../components/WarningsPanel';
import { AddWarningModal } from './AddWarningModal';

/** The site's live warnings (and, on request, expired and removed ones), with add and remove. */
export function SiteWarnings({ siteId, assets, onChanged }: { siteId: string; assets: TAsset[]; onChanged: (message: string) => void }) {
  const [showAll, setShowAll] = useState(false);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<TWarning | null>(null);
  const warnings = useLoad(() => api.listSiteWarnings(siteId, showAll ? 'all' : 'live').then((r) => r.warnings), [siteId, showAll], { keepPrevious: true });
  const types = useLoad(() => api.listWarningTypes().then((r) => r.warningTypes), []);
  const assetNames = Object.fromEntries(assets.map((a) => [a.id, [a.type, a.location].filter(Boolean).join(', ')]));
  const live = (warnings.data ?? []).filter((w) => w.live);
  const past = (warnings.data ?? []).filter((w) => !w.live);

  return (
    <Stack gap="sm">
      <ErrorAlert error={warnings.error ?? types.error} title="Could not load the warnings. Reload the page before sending anyone to this site." />
      {!warnings.data ? (
        !warnings.error && <Loader aria-label="Loading warnings" />
      ) : (
        <>
          <WarningsPanel warnings={live} assetNames={assetNames} onRemove={setRemoving} emptyText="No live warnings at this site." />
          <Group justify="space-between">
            <Button size="xs" color="red" variant="light" onClick={() => setAdding(true)} disabled={!types.data}>
              Add warning
            </Button>
            <Switch label="Show expired and removed warnings" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
          </Group>
          {showAll && (
            <WarningsPanel warnings={past} assetNames={assetNames} title="Expired, removed and future warnings" emptyText="None." headingOrder={3} past />
          )}
        </>
      )}
      {adding && types.data && (
        <AddWarningModal
          siteId={siteId}
          assets={assets}
          warningTypes={types.data}
          onClose={() => setAdding(false)}
          onSaved={(w) => {
            setAdding(false);
            warnings.reload();
            onChanged(`Warning added: ${w.typeName}.`);
          }}
        />
      )}
      {removing && (
        <ReasonModal
          title={`Remove warning: ${removing.typeName}`}
          intro="It stops applying now and stays in the site’s history. Say why it no longer applies."
          reasonLabel="Reason for removing"
          required
          confirmLabel="Remove warning"
          danger
          onClose={() => setRemoving(null)}
          onConfirm={async (reason) => {
            await api.removeWarning(removing.id, reason);
            setRemoving(null);
            warnings.reload();
            onChanged(`Warning removed: ${removing.typeName}.`);
          }}
        />
      )}
    </Stack>
  );
}
