import { Alert, Anchor, Button, Grid, Group, NativeSelect, NumberInput, Stack, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { JOB_PRIORITIES, type TJobPriority, type TSite } from '@fieldkeep/domain';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, fieldErrors } from '../../api/client';
import { PRIORITY_LABELS } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SitePicker } from '../../components/SitePicker';
import { useLoad } from '../../components/useLoad';
import { addressLine, JOB_TYPE_OPTIONS } from '../../format/labels';
import { uuidv7 } from '@fieldkeep/domain';
import { QUEUED_MESSAGE, useIsReplica, useServerState } from '../../session/ServerStateContext';
import { SiteNeedsPanel } from './SiteNeedsPanel';

const OTHER = '__other';

/** Raise a job: client → site → asset, with the site's warnings and the rules' needs shown before saving. */
export function RaiseJobPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const isReplica = useIsReplica();
  const { reload: reloadServerState } = useServerState();
  const [clientId, setClientId] = useState<string | null>(null);
  const [site, setSite] = useState<TSite | null>(null);
  const [assetId, setAssetId] = useState('');
  const [description, setDescription] = useState('');
  const [jobTypeChoice, setJobTypeChoice] = useState<string>('repair');
  const [otherType, setOtherType] = useState('');
  const [priority, setPriority] = useState<TJobPriority>('normal');
  const [targetDate, setTargetDate] = useState('');
  const [skills, setSkills] = useState<string[]>([]);
  const [requiredEngineers, setRequiredEngineers] = useState<number>(1);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const refs = useLoad(async () => {
    const [c, r, e] = await Promise.all([api.listClients(), api.listRules(), api.listEngineers()]);
    return { clients: c.clients, rules: r.rules, skills: [...new Set(e.engineers.flatMap((x) => x.skills))].sort() };
  }, []);

  // From a site page: "Raise job here" passes ?siteId=.
  const presetSiteId = params.get('siteId');
  useEffect(() => {
    if (!presetSiteId) return;
    api.getSite(presetSiteId).then(({ site: s }) => {
      setSite(s);
      setClientId(s.clientId);
    }, setError);
  }, [presetSiteId]);

  const siteId = site?.id;
  const siteData = useLoad(
    async () => (siteId ? Promise.all([api.listSiteWarnings(siteId), api.listAssets(siteId)]) : undefined),
    [siteId],
  );
  const warnings = siteData.data?.[0].warnings;
  const assets = siteData.data?.[1].assets ?? [];
  const jobType = jobTypeChoice === OTHER ? otherType.trim() : jobTypeChoice;
  const errors = fieldErrors(error);

  const chooseClient = (id: string) => {
    setClientId(id || null);
    if (site && site.clientId !== id) {
      setSite(null);
      setAssetId('');
    }
  };
  const chooseSite = (s: TSite | null) => {
    setSite(s);
    setAssetId('');
    if (s) setClientId(s.clientId);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!site) {
      setError(new Error('Choose the site first: every job belongs to a site.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (isReplica) {
        // Queued for the primary, which gives the job its number; the id is ours from now on.
        const d = description.trim();
        await api.queueWork(
          'job.create',
          {
            id: uuidv7(),
            siteId: site.id,
            assetId: assetId || null,
            description: d,
            jobType,
            priority,
            targetDate: targetDate || null,
            requiredSkills: skills,
            requiredEngineers,
            at: new Date().toISOString(),
          },
          `New job at ${site.name}: ${d.length > 120 ? `${d.slice(0, 119)}…` : d}`,
        );
        reloadServerState();
        void navigate('/replica/queue', { state: { notice: `New job at ${site.name}: ${QUEUED_MESSAGE} Its number comes from the primary.` } });
        return;
      }
      const { job } = await api.createJob({
        siteId: site.id,
        clientId: site.clientId,
        assetId: assetId || null,
        description: description.trim(),
        jobType,
        priority,
        targetDate: targetDate || null,
        requiredSkills: skills,
        requiredEngineers,
      });
      void navigate(`/jobs/${job.id}`, { state: { notice: `${job.reference} is raised.` } });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Title order={1}>Raise job</Title>
      <Text c="dimmed">
        Choose the client and the site first: the site’s warnings and what the allocation rules require appear before you save.
      </Text>
      {isReplica && (
        <Alert color="yellow" title="On the office replica: the job is queued">
          It is sent to the primary when it is back and gets its job number there; until then it is provisional and has no number.
        </Alert>
      )}
      <ErrorAlert error={refs.error} title="Could not load clients and rules. Reload the page to try again." />
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <form onSubmit={(e) => void submit(e)} noValidate aria-label="Raise job">
            <Stack>
              <ErrorAlert error={error} title="Could not raise the job" />
              <NativeSelect
                label="Client"
                value={clientId ?? ''}
                onChange={(e) => chooseClient(e.currentTarget.value)}
                data={[{ value: '', label: 'Any client (choose a site)' }, ...(refs.data?.clients ?? []).map((c) => ({ value: c.id, label: c.name }))]}
                error={errors.clientId}
              />
              <SitePicker clientId={clientId} value={site} onChange={chooseSite} error={errors.siteId} />
              {site && (
                <Text size="sm">
                  {addressLine(site)} · {site.clientName} ·{' '}
                  <Anchor component={Link} to={`/sites/${site.id}`}>
                    Open site page
                  </Anchor>
                </Text>
              )}
              <NativeSelect
                label="Asset (optional)"
                disabled={!site}
                value={assetId}
                onChange={(e) => setAssetId(e.currentTarget.value)}
                data={[
                  { value: '', label: site ? (assets.length ? 'No particular asset' : 'This site has no assets') : 'Choose a site first' },
                  ...assets.map((a) => ({ value: a.id, label: [a.type, a.make, a.model, a.location].filter(Boolean).join(' · ') })),
                ]}
                error={errors.assetId}
              />
              <Textarea
                label="Description"
                description="What needs doing, as the engineer should read it."
                required
                autosize
                minRows={3}
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
                error={errors.description}
              />
              <Group grow align="flex-start">
                <NativeSelect
                  label="Job type"
                  value={jobTypeChoice}
                  onChange={(e) => setJobTypeChoice(e.currentTarget.value)}
                  data={[...JOB_TYPE_OPTIONS, { value: OTHER, label: 'Other (type it)' }]}
                  error={jobTypeChoice === OTHER ? undefined : errors.jobType}
                />
                {jobTypeChoice === OTHER && (
                  <TextInput label="Other job type" required value={otherType} onChange={(e) => setOtherType(e.currentTarget.value)} error={errors.jobType} />
                )}
              </Group>
              <Group grow align="flex-start">
                <NativeSelect
                  label="Priority"
                  value={priority}
                  onChange={(e) => setPriority(e.currentTarget.value as TJobPriority)}
                  data={JOB_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
                />
                <TextInput label="Target date (optional)" type="date" value={targetDate} onChange={(e) => setTargetDate(e.currentTarget.value)} error={errors.targetDate} />
              </Group>
              <TagsInput
                label="Required skills (optional)"
                description="Press Enter after each skill."
                data={refs.data?.skills ?? []}
                value={skills}
                onChange={setSkills}
                error={errors.requiredSkills}
              />
              <NumberInput
                label="Required engineers"
                description="At least this many on every visit; the rules may require more."
                min={1}
                max={10}
                value={requiredEngineers}
                onChange={(v) => setRequiredEngineers(typeof v === 'number' ? v : Number(v) || 1)}
                error={errors.requiredEngineers}
              />
              <Group justify="flex-end">
                <Button variant="default" component={Link} to="/jobs">
                  Cancel
                </Button>
                <Button type="submit" loading={busy} disabled={!site || !description.trim() || !jobType}>
                  {isReplica ? 'Queue job' : 'Save job'}
                </Button>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          {site ? (
            <SiteNeedsPanel
              warnings={warnings}
              warningsError={siteData.error}
              assets={assets}
              rules={refs.data?.rules}
              job={{ jobType, priority, requiredSkills: skills, requiredEngineers }}
              onRequireEngineers={setRequiredEngineers}
            />
          ) : (
            <Text c="dimmed">The site’s warnings and the allocation rules’ requirements show here once you choose a site.</Text>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
