import type { TFormOutcomeHit } from '@fieldkeep/domain';

/**
 * An outcome an answer sets off, in words (never colour alone): shown beside the question that
 * fired it. The phone and the office preview word it the same way.
 */
export function outcomeLead(effect: TFormOutcomeHit['effect']): string {
  switch (effect) {
    case 'abort_visit':
      return 'This answer stops the visit:';
    case 'alert_office':
      return 'The office will be told:';
    case 'require_photo':
      return 'A photo is needed:';
  }
}

// Plain symbols (not emoji): they render in the system fonts of every phone and office PC.
const ICONS: Record<TFormOutcomeHit['effect'], string> = { abort_visit: '✖', alert_office: '⚠', require_photo: 'ℹ' };

export function OutcomeBanner({ hit, lead }: { hit: TFormOutcomeHit; lead?: string }) {
  const critical = hit.effect === 'abort_visit';
  return (
    <p className={`fk-form-outcome fk-form-outcome-${hit.effect}`} role={critical ? 'alert' : 'status'}>
      <span className="fk-form-outcome-icon" aria-hidden="true">
        {ICONS[hit.effect]}
      </span>
      <span>
        <strong>{lead ?? outcomeLead(hit.effect)}</strong> {hit.message}
      </span>
    </p>
  );
}
