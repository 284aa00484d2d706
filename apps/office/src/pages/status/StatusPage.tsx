import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { byStatus, type TStatusAction, type TStatusReport } from '@fieldkeep/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { statusApi } from '../../api/status';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { formatTime } from '../../format/dates';
import { DeviceDrawer } from './DeviceDrawer';
import { StatusBadge } from './StatusBadge';
import { StatusItemCard } from './StatusItemCard';

/** The page reloads itself this often, so it can be left open on a screen. */
export const STATUS_REFRESH_MS = 30_000;

type ApiAction = Extract<TStatusAction, { method: string }>;

function headline(report: TStatusReport): { title: string; text: string } {
  const count = (s: string) => report.items.filter((i) => i.status === s).length;
  const red = count('red');
  const amber = count('amber');
  if (red > 0) {
    return {
      title: `${red} ${red === 1 ? 'thing needs' : 'things need'} action now`,
      text: `${amber > 0 ? `${amber} more ${amber === 1 ? 'needs' : 'need'} a look. ` : ''}Each item says what is wrong and what to do; the worst are first.`,
    };
  }
  if (amber > 0) return { title: `${amber} ${amber === 1 ? 'thing needs' : 'things need'} a look`, text: 'Nothing has failed, but these will if they are left.' };
  return { title: 'Everything is working', text: 'Nothing needs a person right now.' };
}

/**
 * Admin: every failure that needs a person, in one place (docs/status.md) — red first, each with
 * what to do. The company's own emails and devices, and the health of the server Fieldkeep runs on.
 */
export function StatusPage() {
  const [report, setReport] = useState<TStatusReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busyUrl, setBusyUrl] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [integrityRunning, setIntegrityRunning] = useState(false);
  const [params, setParams] = useSearchParams();
  const deviceId = params.get('device');
  const latest = useRef(0);

  const load = useCallback(async () => {
    const call = ++latest.current;
    try {
      const r = await statusApi.status();
      if (call !== latest.current) return;
      setReport(r);
      setError(null);
    } catch (err) {
      if (call === latest.current) setError(err);
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const perform = async (action: ApiAction, context?: string) => {
    setBusyUrl(action.url);
    setError(null);
    try {
      await statusApi.perform(action);
      setNotice(`${action.label}: done${context ? ` (${context})` : ''}.`);
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusyUrl(null);
    }
  };

  const runIntegrity = async () => {
    setIntegrityRunning(true);
    setError(null);
    try {
      await statusApi.runIntegrityCheck();
      // The check runs on the server; the page asks until it has finished (or a minute has passed).
      for (let i = 0; i < 30; i++) {
        await new Promise((r) => setTimeout(r, 2000));
        const r = await statusApi.status();
        setReport(r);
        if (!r.items.find((x) => x.key === 'integrity')?.details.some((d) => d.label === 'Running now')) break;
      }
      setNotice('Database check finished: see Database integrity below.');
    } catch (err) {
      setError(err);
    } finally {
      setIntegrityRunning(false);
    }
  };

  const closeDevice = () => {
    const next = new URLSearchParams(params);
    next.delete('device');
    setParams(next, { replace: true });
  };

  const items = report ? byStatus(report.items) : [];
  const inUse = items.filter((i) => i.status !== 'grey');
  const notInUse = items.filter((i) => i.status === 'grey');
  const head = report ? headline(report) : null;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Status</Title>
        <Button variant="default" onClick={() => void load()}>
          Check again
        </Button>
      </Group>
      <Text c="dimmed">Your company’s emails and devices, and the health of the server Fieldkeep runs on. This page checks again by itself every 30 seconds.</Text>
      <Notice text={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={error} title="Could not do that" />
      {!report && !error && <Loader aria-label="Checking" />}
      {report && head && (
        <Alert
          color={report.status === 'red' ? 'red' : report.status === 'amber' ? 'orange' : 'green'}
          variant="light"
          role="status"
          title={
            <Group gap="sm">
              <StatusBadge status={report.status} size="lg" />
              <Text fw={700} fz="lg" data-testid="status-headline">
                {head.title}
              </Text>
            </Group>
          }
        >
          {head.text} Last checked at {formatTime(report.generatedAt)}.
        </Alert>
      )}
      {inUse.map((item) => (
        <StatusItemCard
          key={item.key}
          item={item}
          busyUrl={busyUrl}
          onPerform={(a, context) => void perform(a, context)}
          {...(item.key === 'integrity' ? { onRunIntegrity: () => void runIntegrity(), integrityRunning } : {})}
        />
      ))}
      {notInUse.length > 0 && (
        <Stack gap="xs">
          <Title order={2} fz="md" c="dimmed">
            Not in use here
          </Title>
          {notInUse.map((item) => (
            <StatusItemCard key={item.key} item={item} busyUrl={busyUrl} onPerform={(a, context) => void perform(a, context)} />
          ))}
        </Stack>
      )}
      {deviceId && <DeviceDrawer deviceId={deviceId} onClose={closeDevice} onChanged={() => void load()} />}
    </Stack>
  );
}
