/**
 * @fieldkeep/forms-ui — the one form renderer. The field app fills forms with it; the office form
 * builder previews with it. All form logic (visibility, validation, outcomes) is the domain's;
 * this package only draws it. Styles: `import '@fieldkeep/forms-ui/forms.css'`.
 */
export { FormRenderer, type FormRendererProps, type TRenderableForm, type TMediaControl, type TPhotoSlot, type TSignatureSlot } from './FormRenderer';
export { OutcomeBanner, outcomeLead } from './outcomes';
export { useFormState, answersForSubmission, type TFormState } from './useFormState';
export { localInputToIso, isoToLocalInput } from './datetime';
