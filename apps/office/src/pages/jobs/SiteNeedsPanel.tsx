import { Alert, Button, Card, Loader, Stack, Text, Title } from '@mantine/core';
import { evaluateAllocation, type TAllocationRule, type TAsset, type TWarning } from '@fieldkeep/domain';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FindingsList } from '../../components/FindingsList';
import { WarningsPanel } from '../../components/WarningsPanel';
import { engineersText } from '../../format/labels';

interface Props {
  warnings: TWarning[] | undefined;
  warningsError: unknown;
  assets: TAsset[];
  rules: TAllocationRule[] | undefined;
  job: { jobType: string; priority: 'low' | 'normal' | 'high' | 'emergency'; requiredSkills: string[]; requiredEngineers: number };
  onRequireEngineers: (n: number) => void;
}

/**
 * Before the job is saved: the site's live warnings (and its assets'), and what the allocation
 * rules will require — the same `evaluateAllocation` the server runs, with no engineers yet.
 */
export function SiteNeedsPanel({ warnings, warningsError, assets, rules, job, onRequireEngineers }: Props) {
  const assetNames = Object.fromEntries(assets.map((a) => [a.id, [a.type, a.location].filter(Boolean).join(', ')]));
  const preview =
    warnings && rules
      ? evaluateAllocation({
          job,
          warningTypeKeys: [...new Set(warnings.filter((w) => w.live).map((w) => w.typeKey))],
          engineers: [],
          visitMinutes: 120,
          rules,
          acknowledgedRuleIds: [],
        })
      : undefined;
  const reasons = preview?.findings.filter((f) => f.outcome === 'require_engineers').map((f) => f.ruleName) ?? [];

  return (
    <Stack>
      <ErrorAlert error={warningsError} title="Could not load this site's warnings. Reload the page before raising the job." />
      {warnings === undefined && !warningsError ? (
        <Loader aria-label="Loading the site's warnings" />
      ) : (
        warnings && (
          <WarningsPanel
            warnings={warnings}
            assetNames={assetNames}
            title="Warnings at this site"
            emptyText="No live warnings at this site or its assets."
          />
        )
      )}
      {preview && (
        <Card withBorder padding="md" radius="md" role="region" aria-label="What allocation will require">
          <Title order={2} fz="lg" mb="xs">
            What allocation will require
          </Title>
          {preview.requiredEngineers > 1 ? (
            <Alert color="red" variant="light" title={`Needs ${engineersText(preview.requiredEngineers)}: ${reasons.join(', ')}`}>
              <Text size="sm">The dispatch board will refuse fewer than {preview.requiredEngineers} engineers on a visit.</Text>
              {job.requiredEngineers < preview.requiredEngineers && (
                <Button size="compact-sm" variant="white" mt="xs" onClick={() => onRequireEngineers(preview.requiredEngineers)}>
                  Set required engineers to {preview.requiredEngineers}
                </Button>
              )}
            </Alert>
          ) : (
            <Text>One engineer is enough under the current rules.</Text>
          )}
          {/* Engineer counts are summed up above; blocks and acknowledgements follow. */}
          <FindingsList findings={preview.findings.filter((f) => f.outcome !== 'require_engineers')} />
        </Card>
      )}
    </Stack>
  );
}
