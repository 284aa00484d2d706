import {
  evaluateForm,
  type TFormAnswerError,
  type TFormAnswersInput,
  type TFormOutcomeHit,
  type TFormQuestion,
  type TFormQuestionState,
} from '@fieldkeep/domain';
import { useId, useMemo, type ReactNode } from 'react';
import { DateControl, DateTimeControl, MultipleChoiceControl, NumberControl, SingleChoiceControl, TextControl, TimeControl, YesNoControl, type ControlProps } from './controls';
import { OutcomeBanner } from './outcomes';

/** Anything with questions: a published definition, or the office builder's draft. */
export interface TRenderableForm {
  readonly questions: readonly TFormQuestion[];
}

/** What a host's photo / signature input gets to work with (the package itself takes no pictures). */
export interface TMediaControl<V> {
  question: TFormQuestion;
  /** Set the answer; `null` clears it. */
  onChange: (value: V | null) => void;
  readOnly: boolean;
  /** The id of the question's legend: label your own controls with `aria-labelledby` if needed. */
  labelId: string;
  /** Help and error text ids, for `aria-describedby`. */
  describedBy: string | undefined;
  required: boolean;
}
/** Photos: the answer is the SHA-256s of the host's stored pictures. */
export type TPhotoSlot = (questionId: string, shas: readonly string[], control: TMediaControl<string[]>) => ReactNode;
/** A signature: the answer is one SHA-256. */
export type TSignatureSlot = (questionId: string, sha: string | null, control: TMediaControl<string>) => ReactNode;

export interface FormRendererProps {
  definition: TRenderableForm;
  /** Keyed by question id; `null` / missing / blank mean "not answered". */
  answers: TFormAnswersInput;
  onChange: (answers: Record<string, unknown>) => void;
  /**
   * Problems to show even for unanswered questions (e.g. "required", after a submit attempt). A
   * problem with an answer given is shown at once; each message goes once the answer is right.
   */
  errors?: readonly TFormAnswerError[];
  readOnly?: boolean;
  photoSlot?: TPhotoSlot;
  signatureSlot?: TSignatureSlot;
  /** Words before an outcome's message; default "This answer stops the visit:" etc. */
  outcomeLead?: (hit: TFormOutcomeHit) => string | undefined;
}

/**
 * The one form renderer: the phone fills forms with it and the office previews with it. Visibility,
 * required-ness, problems and outcomes all come from the domain's `evaluateForm`, so what shows
 * here is what the server will accept. Hidden questions are not rendered (their answers are kept
 * in `answers`, and dropped by `validateSubmission`).
 */
export function FormRenderer(props: FormRendererProps) {
  const { definition, answers, errors } = props;
  const prefix = useId();
  const evaluation = useMemo(() => evaluateForm(definition, answers), [definition, answers]);
  const flagged = useMemo(() => new Set((errors ?? []).map((e) => e.questionId)), [errors]);
  return (
    <div className="fk-form">
      {definition.questions.map((q, i) => {
        const state = evaluation.questions[i];
        if (!state?.visible) return null;
        const hits = evaluation.outcomes.filter((o) => o.questionId === q.id);
        const shownError = state.error && (state.answered || flagged.has(q.id)) ? state.error : null;
        return (
          <div key={q.id} className="fk-form-item">
            <Question {...props} q={q} state={state} error={shownError} base={`${prefix}-${q.id}`} />
            {hits.map((hit, k) => (
              <OutcomeBanner key={k} hit={hit} lead={props.outcomeLead?.(hit)} />
            ))}
          </div>
        );
      })}
    </div>
  );
}

interface QuestionProps extends FormRendererProps {
  q: TFormQuestion;
  state: TFormQuestionState;
  error: TFormAnswerError | null;
  base: string;
}

function rangeHint(q: TFormQuestion): string | undefined {
  if (q.type !== 'number') return undefined;
  const unit = q.unit ? ` ${q.unit}` : '';
  const whole = q.integer ? 'A whole number' : 'A number';
  if (q.min !== undefined && q.max !== undefined) return `${whole} from ${q.min} to ${q.max}${unit}.`;
  if (q.min !== undefined) return `${whole}, at least ${q.min}${unit}.`;
  if (q.max !== undefined) return `${whole}, at most ${q.max}${unit}.`;
  return q.unit ? `In ${q.unit}.` : undefined;
}

const GROUPED = new Set<TFormQuestion['type']>(['yes_no', 'single_choice', 'multiple_choice', 'photo', 'signature']);

function Question({ q, state, error, base, answers, onChange, readOnly = false, photoSlot, signatureSlot }: QuestionProps) {
  const labelId = `${base}-label`;
  const helpId = `${base}-help`;
  const errorId = `${base}-error`;
  const hint = rangeHint(q);
  const describedBy = [q.help || hint ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const value = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
  const set = (v: unknown) => onChange({ ...answers, [q.id]: v ?? null });
  const control: ControlProps<never> = { q: q as never, value, onChange: set, readOnly, inputId: `${base}-input`, describedBy, invalid: error !== null };

  const label = (
    <>
      <span className="fk-form-question-text">{q.text}</span> <span className="fk-form-required">{state.required ? '(required)' : '(optional)'}</span>
    </>
  );
  const help = (q.help || hint) && (
    <p id={helpId} className="fk-form-help">
      {[q.help, hint].filter(Boolean).join(' ')}
    </p>
  );
  const problem = error && (
    <p id={errorId} className="fk-form-error">
      <span aria-hidden="true">⚠ </span>
      {error.message}
    </p>
  );
  const media = { question: q, readOnly, labelId, describedBy, required: state.required };

  let body: ReactNode;
  switch (q.type) {
    case 'yes_no':
      body = <YesNoControl {...control} />;
      break;
    case 'single_choice':
      body = <SingleChoiceControl {...control} />;
      break;
    case 'multiple_choice':
      body = <MultipleChoiceControl {...control} />;
      break;
    case 'text':
      body = <TextControl {...control} />;
      break;
    case 'number':
      body = <NumberControl {...control} />;
      break;
    case 'date':
      body = <DateControl {...control} />;
      break;
    case 'time':
      body = <TimeControl {...control} />;
      break;
    case 'datetime':
      body = <DateTimeControl {...control} />;
      break;
    case 'photo': {
      const shas = Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
      body = photoSlot ? photoSlot(q.id, shas, { ...media, onChange: set }) : <MediaPlaceholder what="photo" count={shas.length} />;
      break;
    }
    case 'signature': {
      const sha = typeof value === 'string' && value !== '' ? value : null;
      body = signatureSlot ? signatureSlot(q.id, sha, { ...media, onChange: set }) : <MediaPlaceholder what="signature" count={sha ? 1 : 0} />;
      break;
    }
  }

  const className = `fk-form-question fk-form-type-${q.type}${error ? ' has-error' : ''}`;
  if (GROUPED.has(q.type)) {
    return (
      <fieldset className={className} aria-describedby={describedBy} aria-required={state.required || undefined}>
        <legend id={labelId} className="fk-form-label">
          {label}
        </legend>
        {help}
        {body}
        {problem}
      </fieldset>
    );
  }
  return (
    <div className={className}>
      <label id={labelId} htmlFor={control.inputId} className="fk-form-label">
        {label}
      </label>
      {help}
      {body}
      {problem}
    </div>
  );
}

function MediaPlaceholder({ what, count }: { what: 'photo' | 'signature'; count: number }) {
  const held = what === 'photo' ? (count === 1 ? '1 photo' : `${count} photos`) : count ? 'Signed' : 'Not signed';
  return (
    <p className="fk-form-placeholder">
      {what === 'photo' ? 'Photos are taken on the phone' : 'The signature is captured on the phone'} · {held}
    </p>
  );
}
