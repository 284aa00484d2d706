import { Alert, Badge, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import type { TFormAlert, TSubmissionView, TVisit } from '@fieldkeep/domain';
import { formatDateTime, formatTimeRange } from '../../format/dates';
import { effectLabel, kindLabel } from '../forms/formWords';

const EFFECT_COLORS: Record<string, string> = { abort_visit: 'red', alert_office: 'orange', require_photo: 'blue' };

function SubmissionCard({ s, visit }: { s: TSubmissionView; visit: TVisit | undefined }) {
  const aborted = s.outcomes.some((o) => o.effect === 'abort_visit');
  return (
    <Card withBorder radius="md" padding="sm" component="article" aria-label={`${s.formName}, version ${s.formVersion}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Stack gap={0}>
            <Text fw={700}>
              {s.formName} <Text span c="dimmed" size="sm">(version {s.formVersion})</Text>
            </Text>
            <Text size="sm" c="dimmed">
              {kindLabel(s.kind)} · {s.userName ?? 'Unknown engineer'} · {formatDateTime(s.at)}
              {visit ? ` · visit ${formatTimeRange(visit.startsAt, visit.endsAt)}` : ''}
            </Text>
          </Stack>
          {aborted && (
            <Badge color="red" variant="filled" fz="sm" style={{ maxWidth: 'none' }} leftSection={<span aria-hidden="true">✖</span>}>
              Aborted by risk assessment
            </Badge>
          )}
        </Group>
        {s.outcomes.length > 0 && (
          <Stack gap={4}>
            {s.outcomes.map((o, i) => (
              <Group key={i} gap="xs" wrap="nowrap">
                <Badge color={EFFECT_COLORS[o.effect] ?? 'gray'} variant="light" style={{ maxWidth: 'none', flexShrink: 0 }}>
                  {effectLabel(o.effect)}
                </Badge>
                <Text size="sm">{o.message}</Text>
              </Group>
            ))}
          </Stack>
        )}
        <Table verticalSpacing={4} aria-label={`Answers to ${s.formName}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Question</Table.Th>
              <Table.Th>Answer</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.lines.map((l) => (
              <Table.Tr key={l.questionId}>
                <Table.Td>{l.question}</Table.Td>
                <Table.Td fw={600}>{l.answer}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

/** Forms answered on the job (risk assessments, completion…) with their answers, and the alerts they raised. */
export function JobSubmissions({ submissions, alerts, visits }: { submissions: TSubmissionView[]; alerts: TFormAlert[]; visits: TVisit[] }) {
  const open = alerts.filter((a) => !a.resolvedAt);
  return (
    <Stack gap="sm" component="section" aria-labelledby="submissions-heading">
      <Title order={2} fz="lg" id="submissions-heading">
        Forms answered
      </Title>
      {alerts.length > 0 && (
        <Alert color="orange" title={open.length ? `${open.length === 1 ? '1 alert' : `${open.length} alerts`} for the office` : 'Alerts (all cleared)'} role="status">
          <List size="sm">
            {alerts.map((a) => (
              <List.Item key={a.id}>
                <Text span fw={600}>
                  {a.message}
                </Text>{' '}
                — {a.userName ?? 'unknown engineer'}, {formatDateTime(a.at)}
                {a.resolvedAt ? ` (cleared ${formatDateTime(a.resolvedAt)})` : ''}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {submissions.length === 0 ? (
        <Text c="dimmed">No forms answered on this job yet.</Text>
      ) : (
        [...submissions].sort((a, b) => b.at.localeCompare(a.at)).map((s) => <SubmissionCard key={s.id} s={s} visit={visits.find((v) => v.id === s.visitId)} />)
      )}
    </Stack>
  );
}
