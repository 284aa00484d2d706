import { Box, Button, Group, Loader, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { addDays, weekdayOf, type TJob, type TVisit } from '@fieldkeep/domain';
import { useMemo, useRef, useState, type DragEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { formatDay, formatTimeRange, todayInZone, toZonedParts } from '../../format/dates';
import { AllocationDialog } from './AllocationDialog';
import { DEFAULT_VISIT_MINUTES, type AllocationDraft, type AllocationSubject } from './allocation';
import { BoardDndContext, writeDragData, type BoardDnd } from './boardDnd';
import type { DragPayload, DropTarget } from './boardLayout';
import { DayBoard } from './DayBoard';
import { TomorrowPanel } from './TomorrowPanel';
import { UnallocatedList } from './UnallocatedList';
import { WeekBoard } from './WeekBoard';

type View = 'day' | 'week';
type Dialog = { subject: AllocationSubject; initial: AllocationDraft } | null;

const jobSubject = (j: TJob): AllocationSubject => ({ jobId: j.id, reference: j.reference, siteName: j.siteName, sitePostcode: j.sitePostcode, liveWarningCount: j.liveWarningCount });

/** The dispatch board: who does what, when; drag jobs onto engineers, with the rules checked at the drop. */
export function DispatchPage() {
  const [params, setParams] = useSearchParams();
  const today = todayInZone();
  const tomorrow = addDays(today, 1);
  const view: View = params.get('view') === 'week' ? 'week' : 'day';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : today;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const drag = useRef<DragPayload | null>(null);

  const go = (patch: { date?: string; view?: View }) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (patch.date) next.set('date', patch.date);
      if (patch.view) next.set('view', patch.view);
      return next;
    });

  const board = useLoad(() => api.board(date, view === 'week' ? 7 : 1), [date, view], { keepPrevious: true });
  const engineers = useLoad(() => api.listEngineers().then((r) => r.engineers), []);
  const shiftStart = (engineerId: string, d: string) => engineers.data?.find((e) => e.id === engineerId)?.workingHours[weekdayOf(d)]?.start ?? '09:00';

  const openForDrop = (target: DropTarget, payload: DragPayload) => {
    const b = board.data;
    if (!b) return;
    if (payload.kind === 'job' && target.kind === 'slot') {
      const job = b.unallocated.find((j) => j.id === payload.jobId);
      if (!job) return;
      setDialog({
        subject: jobSubject(job),
        initial: { engineerIds: [target.engineerId], date: target.date, time: target.time ?? shiftStart(target.engineerId, target.date), minutes: DEFAULT_VISIT_MINUTES },
      });
      return;
    }
    const visitId = payload.kind === 'visit' ? payload.visitId : target.kind === 'visit' ? target.visitId : null;
    const v = b.visits.find((x) => x.id === visitId);
    if (!v) return;
    const subject: AllocationSubject = { jobId: v.jobId, reference: v.jobReference, siteName: v.siteName, sitePostcode: v.sitePostcode, liveWarningCount: v.liveWarningCount, visitId: v.id };
    const minutes = Math.round((Date.parse(v.endsAt) - Date.parse(v.startsAt)) / 60_000);
    const at = toZonedParts(v.startsAt);
    if (payload.kind === 'engineer') {
      setDialog({ subject, initial: { engineerIds: [...new Set([...v.engineerIds, payload.engineerId])], ...at, minutes } });
    } else if (payload.kind === 'visit' && target.kind === 'slot') {
      const engineerIds = [...new Set(v.engineerIds.map((id) => (id === payload.fromEngineerId ? target.engineerId : id)))];
      setDialog({ subject, initial: { engineerIds, date: target.date, time: target.time ?? at.time, minutes } });
    }
  };

  const dnd: BoardDnd = {
    begin: (payload: DragPayload, e: DragEvent) => {
      drag.current = payload;
      writeDragData(e, payload);
    },
    end: () => {
      drag.current = null;
    },
    current: () => drag.current,
    drop: openForDrop,
  };

  const names = useMemo(() => new Map((board.data?.engineers ?? []).map((e) => [e.id, e.name])), [board.data]);
  const onSaved = (visit: TVisit) => {
    const who = visit.engineers.map((e) => e.name).join(' and ') || visit.engineers.map((e) => names.get(e.id)).join(' and ');
    setNotice(`${dialog?.subject.reference ?? 'The job'} is booked for ${who}, ${formatTimeRange(visit.startsAt, visit.endsAt)}.`);
    setDialog(null);
    board.reload();
  };
  const step = view === 'week' ? 7 : 1;

  return (
    <BoardDndContext.Provider value={dnd}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={1}>Dispatch board</Title>
          <Group gap="xs" align="flex-end">
            <Stack gap={2}>
              <Text size="sm" fw={500} id="board-view-label">
                View
              </Text>
              <SegmentedControl
                aria-labelledby="board-view-label"
                value={view}
                onChange={(v) => go({ view: v === 'week' ? 'week' : 'day' })}
                data={[
                  { value: 'day', label: 'Day' },
                  { value: 'week', label: 'Week' },
                ]}
              />
            </Stack>
            <Button variant="default" onClick={() => go({ date: addDays(date, -step) })}>
              {view === 'week' ? 'Previous week' : 'Previous day'}
            </Button>
            <TextInput label={view === 'week' ? 'Week starting' : 'Date'} type="date" value={date} onChange={(e) => e.currentTarget.value && go({ date: e.currentTarget.value })} w={160} />
            <Button variant="default" onClick={() => go({ date: addDays(date, step) })}>
              {view === 'week' ? 'Next week' : 'Next day'}
            </Button>
            <Button variant={date === today ? 'filled' : 'light'} onClick={() => go({ date: today })} aria-pressed={date === today}>
              Today
            </Button>
            <Button variant={date === tomorrow && view === 'day' ? 'filled' : 'light'} onClick={() => go({ date: tomorrow, view: 'day' })} aria-pressed={date === tomorrow && view === 'day'}>
              Tomorrow
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {view === 'week' ? `Week of ${formatDay(date)} – ${formatDay(addDays(date, 6))}` : formatDay(date)}
          {date === today ? ' (today)' : date === tomorrow ? ' (tomorrow)' : ''} · times in {board.data?.timeZone ?? 'the company’s time zone'}
          {board.loading && board.data ? ' · updating…' : ''}
        </Text>
        <Notice text={notice} onClose={() => setNotice(null)} />
        <ErrorAlert error={board.error} title="Could not load the board. Check your connection, then choose the date again." />
        {!board.data ? (
          !board.error && <Loader aria-label="Loading the board" />
        ) : (
          <Box style={{ display: 'flex', gap: 'var(--mantine-spacing-md)', alignItems: 'flex-start' }}>
            <Stack style={{ flex: 1, minWidth: 0 }} gap="sm">
              {view === 'day' && <TomorrowPanel board={board.data} isTomorrow={date === tomorrow} />}
              {view === 'week' ? <WeekBoard board={board.data} /> : <DayBoard board={board.data} />}
            </Stack>
            {/* Sticky and scrolling on its own, so any job can be dragged onto any row without the page moving. */}
            <Box w={290} style={{ flex: 'none', position: 'sticky', top: 76, height: 'calc(100vh - 200px)', minHeight: 420 }}>
              <UnallocatedList
                jobs={board.data.unallocated}
                onAllocate={(j) => setDialog({ subject: jobSubject(j), initial: { engineerIds: [], date: date < today ? today : date, time: '09:00', minutes: DEFAULT_VISIT_MINUTES } })}
              />
            </Box>
          </Box>
        )}
      </Stack>
      {dialog && (
        <AllocationDialog
          key={`${dialog.subject.jobId}-${dialog.subject.visitId ?? 'new'}`}
          subject={dialog.subject}
          initial={dialog.initial}
          engineers={(engineers.data ?? board.data?.engineers ?? []).map((e) => ({ id: e.id, name: e.name }))}
          onClose={() => setDialog(null)}
          onSaved={onSaved}
        />
      )}
    </BoardDndContext.Provider>
  );
}
