import type { TOutageStep, TRole } from '@fieldkeep/domain';

/**
 * The fallback procedure the Outage page shows on an office replica once the primary has been
 * unreachable for a while, and the email staff are sent. Plain words for the office and engineers;
 * the tenant's own customer script and back-up checklist stand beside them on the page.
 */
export function outageProcedure(company: string, afterMinutes: number): TOutageStep[] {
  return [
    {
      title: 'Tell everyone',
      text: `Fieldkeep has not answered for ${afterMinutes === 0 ? 'a while' : `over ${afterMinutes} minutes`}. Email all staff from this page (below), and phone anyone without an email address, so nobody waits for it to come back.`,
    },
    {
      title: 'Answer calls with the customer script',
      text: 'Read it below. Write every call on a blank job sheet from the fallback pack and give it the next number from the paper register, so it can be entered later.',
    },
    {
      title: 'Work from the fallback pack',
      text: `Download the newest pack below and print it: each engineer’s job sheets for the next working day with the site warnings and contacts, ${company}’s client, site and supplier contacts, the outstanding and urgent jobs, and blank quotes, invoices, orders, picking lists, delivery dockets and time logs.`,
    },
    {
      title: 'Engineers keep using the phone app',
      text: 'It works without the server and keeps every note, photo, signature and time until the server has it. A phone without today’s jobs works from the paper job sheet: read the site warnings on it before every visit (attend in pairs, vulnerable occupant, isolating household).',
    },
    {
      title: 'Look things up on this replica',
      text: 'Jobs, sites, warnings and contacts are here as of the last update shown at the top. Notes, new jobs and job status changes are queued here and sent when the primary is back; anything else goes on paper.',
    },
    {
      title: 'Keep all the paper together',
      text: 'Quotes, orders, invoices, job sheets and time logs written during the outage are entered on the Catch-up page afterwards, each marked as entered after the outage.',
    },
    {
      title: 'When the system is back',
      text: 'Work through the checklist at the bottom of this page.',
    },
  ];
}

const when = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/** The email each member of staff gets from the replica; engineers read their part first. */
export function outageEmail(o: {
  company: string;
  timeZone: string;
  to: { name: string; role: TRole };
  since: string;
  byName: string;
  note: string | null;
  replicaUrl: string;
}): { subject: string; text: string } {
  const engineers =
    'Engineers: keep using the phone app. It works without the server and keeps everything you record (notes, photos, signatures, times) until the server has it; do not sign out or clear it. If it has no jobs for you, use your paper job sheets from the fallback pack, and read the site warnings on them before every visit.';
  const office = `Office: answer calls with the customer script and write each one on a blank job sheet with the next number from the register. Look jobs, sites and warnings up on the office replica, where the procedure, the customer script and the newest fallback pack are: ${o.replicaUrl}/outage`;
  const parts = o.to.role === 'engineer' ? [engineers, office] : [office, engineers];
  const lines = [
    `Hello ${o.to.name},`,
    '',
    `Fieldkeep cannot be reached at the moment: the main system has not answered since ${when(o.since, o.timeZone)}. ${o.byName} is letting everyone at ${o.company} know.`,
    ...(o.note ? ['', o.note] : []),
    '',
    'What to do now:',
    '',
    ...parts.flatMap((p) => [`- ${p}`, '']),
    '- Everyone: write quotes, orders, invoices and time away from jobs on the blank forms in the fallback pack, and keep all the paper. It is entered when the system is back.',
    '',
    'You will be told when the system is back.',
  ];
  return { subject: `${o.company}: Fieldkeep is down — keep working from your phone and the fallback pack`, text: lines.join('\n') };
}
