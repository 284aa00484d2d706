import { z } from 'zod';
import { ZId } from './ids.js';
import { ZJobPriority, type TJobPriority } from './jobs.js';

/**
 * Allocation rules: a condition and an outcome, configured per tenant. `evaluateAllocation` is the
 * one place they are evaluated: the server runs it on every write, the office shows its findings.
 */
export const ZRuleCondition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('warning_type'), warningTypeKey: z.string().min(1).max(60) }).strict(),
  z.object({ kind: z.literal('job_type'), jobType: z.string().min(1).max(60) }).strict(),
  z.object({ kind: z.literal('priority'), priority: ZJobPriority }).strict(),
  z.object({ kind: z.literal('missing_skill') }).strict(),
  z.object({ kind: z.literal('engineer_full') }).strict(),
]);
export type TRuleCondition = z.infer<typeof ZRuleCondition>;

export const ZRuleOutcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('block') }).strict(),
  z.object({ kind: z.literal('require_engineers'), count: z.number().int().min(2).max(10) }).strict(),
  z.object({ kind: z.literal('warn') }).strict(),
]);
export type TRuleOutcome = z.infer<typeof ZRuleOutcome>;

export const ZAllocationRule = z
  .object({ id: ZId, name: z.string(), condition: ZRuleCondition, outcome: ZRuleOutcome, active: z.boolean() })
  .meta({ id: 'AllocationRule' });
export type TAllocationRule = z.infer<typeof ZAllocationRule>;
export const ZCreateRuleRequest = z
  .object({ name: z.string().trim().min(1).max(200), condition: ZRuleCondition, outcome: ZRuleOutcome, active: z.boolean().default(true) })
  .strict()
  .meta({ id: 'CreateRuleRequest' });
export const ZUpdateRuleRequest = z
  .object({ name: z.string().trim().min(1).max(200).optional(), condition: ZRuleCondition.optional(), outcome: ZRuleOutcome.optional(), active: z.boolean().optional() })
  .strict()
  .meta({ id: 'UpdateRuleRequest' });
export const ZRuleList = z.object({ rules: z.array(ZAllocationRule) }).meta({ id: 'RuleList' });

export const SEEDED_RULES: ReadonlyArray<{ name: string; condition: TRuleCondition; outcome: TRuleOutcome }> = [
  { name: 'Attend in pairs', condition: { kind: 'warning_type', warningTypeKey: 'attend_in_pairs' }, outcome: { kind: 'require_engineers', count: 2 } },
  { name: 'Lone working prohibited', condition: { kind: 'warning_type', warningTypeKey: 'lone_working_prohibited' }, outcome: { kind: 'require_engineers', count: 2 } },
  { name: 'Infection risk: confirm PPE and consent', condition: { kind: 'warning_type', warningTypeKey: 'infection_risk' }, outcome: { kind: 'warn' } },
  { name: 'Engineer already full that day', condition: { kind: 'engineer_full' }, outcome: { kind: 'warn' } },
  { name: 'Engineer lacks a required skill', condition: { kind: 'missing_skill' }, outcome: { kind: 'warn' } },
];

export interface AllocationInput {
  job: { jobType: string; priority: TJobPriority; requiredSkills: readonly string[]; requiredEngineers: number };
  /** Type keys of the live warnings on the job's site and asset. */
  warningTypeKeys: readonly string[];
  /** Engineers being allocated, with what they already have that day (excluding this visit). */
  engineers: ReadonlyArray<{ id: string; name: string; skills: readonly string[]; bookedMinutes: number; capacityMinutes: number }>;
  visitMinutes: number;
  rules: readonly TAllocationRule[];
  /** Rule ids of warnings the planner has acknowledged for this allocation. */
  acknowledgedRuleIds: readonly string[];
}

export const ZFinding = z
  .object({
    ruleId: z.string().nullable().describe('null for the job’s own engineer count'),
    ruleName: z.string(),
    outcome: z.enum(['block', 'require_engineers', 'warn']),
    message: z.string(),
    /** Met: enough engineers, or the warning acknowledged. A block is never met. */
    satisfied: z.boolean(),
    engineerId: z.string().nullable(),
  })
  .meta({ id: 'AllocationFinding' });
export type TFinding = z.infer<typeof ZFinding>;

export const ZAllocationCheck = z
  .object({
    allowed: z.boolean(),
    requiredEngineers: z.number().int(),
    findings: z.array(ZFinding),
    /** Warnings still to acknowledge before the allocation is allowed. */
    unacknowledgedRuleIds: z.array(z.string()),
  })
  .meta({ id: 'AllocationCheck' });
export type TAllocationCheck = z.infer<typeof ZAllocationCheck>;

function conditionFindings(rule: TAllocationRule, input: AllocationInput): Array<{ message: string; engineerId: string | null }> {
  const c = rule.condition;
  switch (c.kind) {
    case 'warning_type':
      return input.warningTypeKeys.includes(c.warningTypeKey) ? [{ message: rule.name, engineerId: null }] : [];
    case 'job_type':
      return input.job.jobType === c.jobType ? [{ message: `${rule.name} (job type ${c.jobType})`, engineerId: null }] : [];
    case 'priority':
      return input.job.priority === c.priority ? [{ message: `${rule.name} (${c.priority} priority)`, engineerId: null }] : [];
    case 'missing_skill': {
      if (input.engineers.length === 0) return [];
      const have = new Set(input.engineers.flatMap((e) => e.skills.map((s) => s.toLowerCase())));
      const missing = input.job.requiredSkills.filter((s) => !have.has(s.toLowerCase()));
      return missing.length ? [{ message: `No allocated engineer has: ${missing.join(', ')}`, engineerId: null }] : [];
    }
    case 'engineer_full':
      return input.engineers
        // Capacity 0 means not working that day: that applies however short the visit.
        .filter((e) => e.capacityMinutes === 0 || e.bookedMinutes + input.visitMinutes > e.capacityMinutes)
        .map((e) => ({
          message:
            e.capacityMinutes === 0
              ? `${e.name} is not working that day`
              : `${e.name} would have ${Math.round((e.bookedMinutes + input.visitMinutes) / 6) / 10} h booked of ${Math.round(e.capacityMinutes / 6) / 10} h`,
          engineerId: e.id,
        }));
  }
}

/**
 * Evaluates every active rule against a proposed allocation. With no engineers given it previews
 * what a job will need (used when raising a job): requirements show as not yet met.
 */
export function evaluateAllocation(input: AllocationInput): TAllocationCheck {
  const findings: TFinding[] = [];
  let required = input.job.requiredEngineers;
  const assigned = new Set(input.engineers.map((e) => e.id)).size;
  if (input.job.requiredEngineers > 1) {
    findings.push({
      ruleId: null,
      ruleName: 'Job needs more than one engineer',
      outcome: 'require_engineers',
      message: `This job needs ${input.job.requiredEngineers} engineers`,
      satisfied: assigned >= input.job.requiredEngineers,
      engineerId: null,
    });
  }
  for (const rule of input.rules) {
    if (!rule.active) continue;
    for (const hit of conditionFindings(rule, input)) {
      const o = rule.outcome;
      switch (o.kind) {
        case 'block':
          findings.push({ ruleId: rule.id, ruleName: rule.name, outcome: 'block', message: `Not allowed: ${hit.message}`, satisfied: false, engineerId: hit.engineerId });
          break;
        case 'require_engineers':
          required = Math.max(required, o.count);
          findings.push({
            ruleId: rule.id,
            ruleName: rule.name,
            outcome: 'require_engineers',
            message: `${hit.message}: needs at least ${o.count} engineers`,
            satisfied: assigned >= o.count,
            engineerId: hit.engineerId,
          });
          break;
        case 'warn':
          findings.push({
            ruleId: rule.id,
            ruleName: rule.name,
            outcome: 'warn',
            message: hit.message,
            satisfied: input.acknowledgedRuleIds.includes(rule.id),
            engineerId: hit.engineerId,
          });
          break;
      }
    }
  }
  const unacknowledged = [...new Set(findings.filter((f) => f.outcome === 'warn' && !f.satisfied).map((f) => f.ruleId!))];
  const allowed = assigned > 0 && assigned >= required && findings.every((f) => f.satisfied);
  return { allowed, requiredEngineers: required, findings, unacknowledgedRuleIds: unacknowledged };
}
