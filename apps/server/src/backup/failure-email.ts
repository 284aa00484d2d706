import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { queueEmail } from '../mail/mail.service.js';
import type { ListedBackup } from './folder.js';

/**
 * Tells people a nightly backup failed, through the mail outbox (queued in one write transaction,
 * sent by the outbox worker). To FIELDKEEP_OPERATOR_EMAIL when set; otherwise to the admins of every
 * tenant, each message queued under the admin's own tenant and naming no tenant. Answers how many
 * messages were queued.
 */
export async function queueFailureEmails(ctx: AppContext, f: { failures: string[]; dir: string; lastGood: ListedBackup | undefined }): Promise<number> {
  const server = new URL(ctx.config.publicUrl).host;
  const when = ctx.clock.now().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const subject = `Fieldkeep backup failed on ${server}`;
  const body = (forOperator: boolean) =>
    [
      `The nightly backup of the Fieldkeep server at ${ctx.config.publicUrl} did not complete (${when}).`,
      '',
      'What failed:',
      ...f.failures.slice(0, 30).map((x) => `  - ${x}`),
      ...(f.failures.length > 30 ? [`  - … and ${f.failures.length - 30} more`] : []),
      '',
      f.lastGood
        ? `The newest good (verified) backup is ${f.lastGood.id}, verified ${f.lastGood.verify?.verifiedAt ?? ''}.`
        : 'There is no verified backup in the backup folder yet.',
      '',
      'What to do next:',
      `  1. On the server, run: fieldkeep backup verify --from ${f.dir}`,
      '     It says exactly what differs. Fix the cause (disk space, permissions, passphrase, the database).',
      `  2. Then run: fieldkeep backup create --to ${f.dir}  and verify it again — or wait for tonight's run.`,
      '  See docs/backups.md, "When a backup fails".',
      ...(forOperator ? [] : ['', 'If someone else runs this server for you, forward this message to them.']),
    ].join('\n');

  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    let n = 0;
    const operators = ctx.config.backup.operatorEmails;
    if (operators.length > 0) {
      for (const to of operators) {
        await queueEmail(tx, { tenantId: null, to, subject, text: body(true) });
        n++;
      }
      return n;
    }
    const admins = await tx.trx
      .selectFrom('users')
      .select(['tenant_id', 'email'])
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .where('email', 'is not', null)
      .orderBy('tenant_id')
      .orderBy('email')
      .execute();
    for (const a of admins) {
      await queueEmail(tx, { tenantId: a.tenant_id, to: a.email!, subject, text: body(false) });
      n++;
    }
    return n;
  });
  if (value > 0) ctx.wakeOutbox();
  return value;
}
