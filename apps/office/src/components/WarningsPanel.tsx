import { Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { sortWarnings, type TWarning } from '@fieldkeep/domain';
import { formatDateTime } from '../format/dates';
import { SEVERITY_COLORS, SeverityBadge, WarningCountBadge } from './badges';

interface Props {
  warnings: TWarning[];
  /** The panel's heading, e.g. "Warnings at this site". */
  title?: string;
  /** Names of the site's assets by id, to say which asset a warning is about. */
  assetNames?: Record<string, string>;
  onRemove?: (w: TWarning) => void;
  /** Shown when there are none (omit to render nothing). */
  emptyText?: string;
  headingOrder?: 2 | 3;
  /** Warnings that no longer apply (history): shown quietly, without the alarm styling. */
  past?: boolean;
}

/** A site's warnings, most severe first, each as a loud box that says its severity in words. */
export function WarningsPanel({ warnings, title = 'Warnings at this site', assetNames = {}, onRemove, emptyText, headingOrder = 2, past = false }: Props) {
  if (warnings.length === 0) {
    return emptyText ? (
      <Stack gap="xs">
        <Title order={headingOrder} fz="lg">
          {title}
        </Title>
        <Text c="dimmed">{emptyText}</Text>
      </Stack>
    ) : null;
  }
  return (
    <Stack gap="xs" role="region" aria-label={title}>
      <Group gap="sm">
        <Title order={headingOrder} fz="lg">
          {!past && <span aria-hidden="true">⚠ </span>}
          {title}
        </Title>
        {past ? <Badge color="gray">{warnings.length}</Badge> : <WarningCountBadge count={warnings.length} />}
      </Group>
      {sortWarnings(warnings).map((w) => (
        <WarningBox key={w.id} warning={w} assetName={w.assetId ? assetNames[w.assetId] : undefined} onRemove={onRemove} />
      ))}
    </Stack>
  );
}

function WarningBox({ warning: w, assetName, onRemove }: { warning: TWarning; assetName: string | undefined; onRemove?: (w: TWarning) => void }) {
  const state = w.removedAt ? `Removed ${formatDateTime(w.removedAt)}` : !w.live ? (Date.parse(w.validFrom) > Date.now() ? 'Not started yet' : 'Expired') : null;
  return (
    <Alert
      color={w.live ? SEVERITY_COLORS[w.severity] : 'gray'}
      variant="light"
      title={
        <Group gap="xs">
          <SeverityBadge severity={w.severity} />
          <Text fw={700}>{w.typeName}</Text>
          {w.assetId && <Badge variant="default">Asset: {assetName ?? 'on this site'}</Badge>}
          {state && <Badge color="gray">{state}</Badge>}
        </Group>
      }
      styles={{ root: { borderWidth: w.live && w.severity === 'danger' ? 2 : undefined } }}
    >
      <Stack gap={4}>
        {w.text && <Text>{w.text}</Text>}
        <Text size="sm" c="dimmed">
          From {formatDateTime(w.validFrom)}
          {w.validUntil ? ` until ${formatDateTime(w.validUntil)}` : ', no end date'}
          {w.createdByName ? ` · added by ${w.createdByName}` : ''}
          {w.visibleToEngineers ? ' · shown to engineers' : ' · office only (not shown to engineers)'}
        </Text>
        {onRemove && w.live && (
          <Button size="compact-sm" variant="default" w="fit-content" onClick={() => onRemove(w)} aria-label={`Remove warning: ${w.typeName}`}>
            Remove
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
