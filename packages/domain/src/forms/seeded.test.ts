import { describe, expect, it } from 'vitest';
import { FORM_KINDS } from '../sync-data.js';
import { ZFormDefinition, ZFormDraft, type TFormDefinition, type TFormKind } from './definition.js';
import { outcomesOf, validateSubmission, visibleQuestions } from './evaluate.js';
import { SEEDED_FORM_DEFINITIONS } from './seeded.js';

const SHA = 'cd'.repeat(32);
const seeded = (kind: TFormKind, name?: string): TFormDefinition => {
  const d = SEEDED_FORM_DEFINITIONS.find((f) => f.kind === kind && (!name || f.name === name))!;
  return ZFormDefinition.parse({ id: '0190a000-0000-7000-8000-00000000000a', version: 1, ...d });
};
const shown = (f: TFormDefinition, answers: Record<string, unknown>) => visibleQuestions(f, answers).map((q) => q.id);
const errors = (f: TFormDefinition, answers: Record<string, unknown>) => {
  const r = validateSubmission(f, answers);
  return r.ok ? [] : r.errors.map((e) => `${e.questionId}:${e.code}`);
};
const effects = (f: TFormDefinition, answers: Record<string, unknown>) => outcomesOf(f, answers).map((o) => `${o.effect}:${o.message}`);

describe('seeded forms', () => {
  it('are valid drafts, one or more of every kind', () => {
    for (const d of SEEDED_FORM_DEFINITIONS) expect(ZFormDraft.safeParse(d).error?.issues ?? []).toEqual([]);
    expect(new Set(SEEDED_FORM_DEFINITIONS.map((d) => d.kind))).toEqual(new Set(FORM_KINDS));
  });

  describe('start-of-day check', () => {
    const f = seeded('start_of_day');
    const fine = { vehicle_ok: true, ppe_ok: true, symptoms: false };

    it('asks for defects only when the vehicle check fails', () => {
      expect(shown(f, fine)).not.toContain('defects');
      expect(errors(f, fine)).toEqual([]);
      expect(errors(f, { ...fine, vehicle_ok: false })).toEqual(['defects:required']);
      expect(effects(f, { ...fine, vehicle_ok: false, defects: 'Cracked windscreen' })).toEqual(['alert_office:Vehicle defect reported at start of day']);
    });

    it('alerts the office about symptoms but never blocks the day', () => {
      const answers = { vehicle_ok: false, defects: 'Brake light out', ppe_ok: false, symptoms: true, mileage: 48_213 };
      const r = validateSubmission(f, answers);
      expect(r.ok).toBe(true);
      expect(r.ok && r.outcomes.map((o) => o.effect)).toEqual(['alert_office', 'alert_office', 'alert_office']);
      expect(effects(f, answers)).toContain('alert_office:Engineer reports symptoms of illness');
    });
  });

  describe('pre-visit risk assessment', () => {
    const f = seeded('risk_assessment');

    it('aborts the visit when it is unsafe, asks why, and asks nothing else', () => {
      expect(shown(f, { safe_access: false })).toEqual(['safe_access', 'unsafe_reason']);
      expect(errors(f, { safe_access: false })).toEqual(['unsafe_reason:required']);
      const r = validateSubmission(f, { safe_access: false, unsafe_reason: 'Aggressive dog loose in the garden' });
      expect(r).toMatchObject({ ok: true, outcomes: [{ effect: 'abort_visit', questionId: 'safe_access', message: 'Unsafe to enter the property' }] });
    });

    it('asks for PPE only when the household is unwell or isolating', () => {
      const safe = { safe_access: true, hazards: false };
      expect(shown(f, { ...safe, occupant_unwell: false })).not.toContain('ppe_confirmed');
      expect(errors(f, { ...safe, occupant_unwell: true })).toEqual(['ppe_confirmed:required']);
      expect(effects(f, { ...safe, occupant_unwell: true, ppe_confirmed: false })).toEqual([
        'alert_office:Household unwell or self-isolating',
        'abort_visit:No PPE for a household that is unwell or isolating',
      ]);
      expect(validateSubmission(f, { ...safe, occupant_unwell: true, ppe_confirmed: true }).ok).toBe(true);
    });

    it('requires a photo of the hazards when there are hazards', () => {
      const answers = { safe_access: true, occupant_unwell: false, hazards: true, hazards_notes: 'Exposed wiring' };
      expect(errors(f, answers)).toEqual(['hazards_photo:photo_required']);
      expect(validateSubmission(f, { ...answers, hazards_photo: [SHA] })).toMatchObject({ ok: true, outcomes: [{ effect: 'require_photo', photoQuestionId: 'hazards_photo' }] });
      expect(validateSubmission(f, { safe_access: true, occupant_unwell: false, hazards: false })).toEqual({
        ok: true,
        outcomes: [],
        answers: { safe_access: true, occupant_unwell: false, hazards: false },
      });
    });
  });

  describe('infection-control assessment', () => {
    const f = seeded('health_safety', 'Infection-control assessment');
    const base = { occupant_symptoms: false, isolating: false, ppe_worn: ['gloves'], ventilation: 'good', consent: true };

    it('asks about PPE adequacy only when there is an infection risk', () => {
      expect(errors(f, base)).toEqual([]);
      expect(errors(f, { ...base, isolating: true })).toEqual(['ppe_adequate:required']);
      expect(effects(f, { ...base, occupant_symptoms: true, ppe_adequate: false })).toEqual(['abort_visit:Not enough PPE for an infection risk']);
    });

    it('needs some PPE chosen and consent to go ahead', () => {
      expect(errors(f, { ...base, ppe_worn: [] })).toEqual(['ppe_worn:required']);
      expect(effects(f, { ...base, consent: false })).toEqual(['abort_visit:Occupant did not agree to the visit']);
      expect(effects(f, { ...base, ventilation: 'none' })).toEqual(['alert_office:No ventilation in the work area']);
    });
  });

  describe('job completion', () => {
    const f = seeded('job_completion');
    const done = { work_completed: true, follow_on: false, completion_photos: [SHA], customer_name: 'Mrs Patel', customer_signature: SHA };

    it('needs the customer signature', () => {
      expect(errors(f, done)).toEqual([]);
      const { customer_signature: _s, ...unsigned } = done;
      expect(errors(f, unsigned)).toEqual(['customer_signature:required']);
    });

    it('requires photos of finished work, and a reason when it is not finished', () => {
      const { completion_photos: _p, ...noPhotos } = done;
      expect(errors(f, noPhotos)).toEqual(['completion_photos:photo_required']);
      expect(errors(f, { ...noPhotos, work_completed: false })).toEqual(['incomplete_reason:required']);
      expect(errors(f, { ...noPhotos, work_completed: false, incomplete_reason: 'parts_needed' })).toEqual([]);
    });

    it('alerts the office when follow-on work is needed', () => {
      expect(errors(f, { ...done, follow_on: true })).toEqual(['follow_on_details:required']);
      expect(effects(f, { ...done, follow_on: true, follow_on_details: 'Replace the cylinder' })).toEqual([
        'require_photo:Photograph the finished work',
        'alert_office:Follow-on work needed',
      ]);
    });
  });
});
