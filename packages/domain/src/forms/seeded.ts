import type { TFormDraft } from './definition.js';

/**
 * The forms a new tenant starts with, published as version 1 of each. Question ids follow the
 * earlier fixed forms (`vehicle_ok`, `ppe_ok`, `symptoms`, `defects`, `safe_access`…) so reports
 * read old and new answers alike. A yes/no answer is `true` for yes.
 */
export const SEEDED_FORM_DEFINITIONS: readonly TFormDraft[] = [
  {
    kind: 'start_of_day',
    name: 'Start-of-day check',
    questions: [
      {
        id: 'vehicle_ok',
        type: 'yes_no',
        text: 'Vehicle checked: tyres, lights, fluids, no new damage?',
        required: true,
        outcomes: [{ effect: 'alert_office', when: { op: 'equals', questionId: 'vehicle_ok', value: false }, message: 'Vehicle defect reported at start of day' }],
      },
      {
        id: 'defects',
        type: 'text',
        text: 'Describe the vehicle or equipment defects',
        required: true,
        multiline: true,
        maxLength: 2000,
        visibleWhen: { op: 'equals', questionId: 'vehicle_ok', value: false },
      },
      { id: 'mileage', type: 'number', text: 'Odometer reading', required: false, integer: true, min: 0, max: 9_999_999, unit: 'miles' },
      {
        id: 'ppe_ok',
        type: 'yes_no',
        text: 'Do you have all your PPE with you?',
        required: true,
        outcomes: [{ effect: 'alert_office', when: { op: 'equals', questionId: 'ppe_ok', value: false }, message: 'Engineer is missing PPE' }],
      },
      {
        id: 'symptoms',
        type: 'yes_no',
        text: 'Do you have any symptoms of illness today?',
        help: 'A high temperature, a new continuous cough, or loss of taste or smell.',
        required: true,
        outcomes: [{ effect: 'alert_office', when: { op: 'equals', questionId: 'symptoms', value: true }, message: 'Engineer reports symptoms of illness' }],
      },
    ],
  },
  {
    kind: 'risk_assessment',
    name: 'Pre-visit risk assessment',
    questions: [
      {
        id: 'safe_access',
        type: 'yes_no',
        text: 'Is it safe to enter and work at this property?',
        required: true,
        outcomes: [{ effect: 'abort_visit', when: { op: 'equals', questionId: 'safe_access', value: false }, message: 'Unsafe to enter the property' }],
      },
      {
        id: 'unsafe_reason',
        type: 'text',
        text: 'What makes it unsafe?',
        required: true,
        multiline: true,
        maxLength: 2000,
        visibleWhen: { op: 'equals', questionId: 'safe_access', value: false },
      },
      {
        id: 'occupant_unwell',
        type: 'yes_no',
        text: 'Is anyone in the household unwell or self-isolating?',
        required: true,
        visibleWhen: { op: 'equals', questionId: 'safe_access', value: true },
        outcomes: [{ effect: 'alert_office', when: { op: 'equals', questionId: 'occupant_unwell', value: true }, message: 'Household unwell or self-isolating' }],
      },
      {
        id: 'ppe_confirmed',
        type: 'yes_no',
        text: 'Are you wearing a mask, gloves and an apron?',
        help: 'Required before working in a household where someone is unwell or isolating.',
        required: true,
        visibleWhen: { op: 'equals', questionId: 'occupant_unwell', value: true },
        outcomes: [{ effect: 'abort_visit', when: { op: 'equals', questionId: 'ppe_confirmed', value: false }, message: 'No PPE for a household that is unwell or isolating' }],
      },
      {
        id: 'hazards',
        type: 'yes_no',
        text: 'Are there any hazards at the property?',
        help: 'For example: loose wiring, damp, dogs, blocked access, sharps.',
        required: true,
        visibleWhen: { op: 'equals', questionId: 'safe_access', value: true },
        outcomes: [
          { effect: 'require_photo', when: { op: 'equals', questionId: 'hazards', value: true }, message: 'Photograph the hazards', photoQuestionId: 'hazards_photo' },
        ],
      },
      { id: 'hazards_notes', type: 'text', text: 'Describe the hazards', required: false, multiline: true, visibleWhen: { op: 'equals', questionId: 'hazards', value: true } },
      { id: 'hazards_photo', type: 'photo', text: 'Photos of the hazards', required: false, maxPhotos: 5, visibleWhen: { op: 'equals', questionId: 'hazards', value: true } },
    ],
  },
  {
    kind: 'health_safety',
    name: 'Infection-control assessment',
    questions: [
      { id: 'occupant_symptoms', type: 'yes_no', text: 'Does anyone at the property have symptoms of infection?', required: true },
      {
        id: 'isolating',
        type: 'yes_no',
        text: 'Is anyone at the property self-isolating?',
        required: true,
        outcomes: [{ effect: 'alert_office', when: { op: 'equals', questionId: 'isolating', value: true }, message: 'Visit to a household that is self-isolating' }],
      },
      {
        id: 'ppe_worn',
        type: 'multiple_choice',
        text: 'Which PPE are you wearing?',
        required: true,
        minSelections: 1,
        options: [
          { id: 'mask', label: 'FFP3 mask' },
          { id: 'gloves', label: 'Disposable gloves' },
          { id: 'apron', label: 'Apron' },
          { id: 'eye_protection', label: 'Eye protection' },
        ],
      },
      {
        id: 'ppe_adequate',
        type: 'yes_no',
        text: 'Does your PPE include at least a mask and gloves?',
        required: true,
        visibleWhen: {
          op: 'any',
          conditions: [
            { op: 'equals', questionId: 'occupant_symptoms', value: true },
            { op: 'equals', questionId: 'isolating', value: true },
          ],
        },
        outcomes: [{ effect: 'abort_visit', when: { op: 'equals', questionId: 'ppe_adequate', value: false }, message: 'Not enough PPE for an infection risk' }],
      },
      {
        id: 'ventilation',
        type: 'single_choice',
        text: 'Ventilation in the work area',
        required: true,
        options: [
          { id: 'good', label: 'Good (windows open)' },
          { id: 'limited', label: 'Limited' },
          { id: 'none', label: 'None' },
        ],
        outcomes: [{ effect: 'alert_office', when: { op: 'equals', questionId: 'ventilation', value: 'none' }, message: 'No ventilation in the work area' }],
      },
      {
        id: 'consent',
        type: 'yes_no',
        text: 'Has the occupant agreed to the visit going ahead?',
        required: true,
        outcomes: [{ effect: 'abort_visit', when: { op: 'equals', questionId: 'consent', value: false }, message: 'Occupant did not agree to the visit' }],
      },
    ],
  },
  {
    kind: 'job_completion',
    name: 'Job completion',
    questions: [
      {
        id: 'work_completed',
        type: 'yes_no',
        text: 'Is the work complete?',
        required: true,
        outcomes: [
          { effect: 'require_photo', when: { op: 'equals', questionId: 'work_completed', value: true }, message: 'Photograph the finished work', photoQuestionId: 'completion_photos' },
        ],
      },
      {
        id: 'incomplete_reason',
        type: 'single_choice',
        text: 'Why is the work not complete?',
        required: true,
        visibleWhen: { op: 'equals', questionId: 'work_completed', value: false },
        options: [
          { id: 'parts_needed', label: 'Parts needed' },
          { id: 'no_access', label: 'Could not get access' },
          { id: 'customer_request', label: 'Customer asked to stop' },
          { id: 'more_time', label: 'Needs more time' },
        ],
      },
      {
        id: 'follow_on',
        type: 'yes_no',
        text: 'Is follow-on work needed?',
        required: true,
        outcomes: [{ effect: 'alert_office', when: { op: 'equals', questionId: 'follow_on', value: true }, message: 'Follow-on work needed' }],
      },
      { id: 'follow_on_details', type: 'text', text: 'What follow-on work is needed?', required: true, multiline: true, visibleWhen: { op: 'equals', questionId: 'follow_on', value: true } },
      { id: 'completion_photos', type: 'photo', text: 'Photos of the work', required: false, maxPhotos: 10 },
      { id: 'customer_name', type: 'text', text: 'Customer name', required: true, maxLength: 200 },
      { id: 'customer_signature', type: 'signature', text: 'Customer signature', required: true },
    ],
  },
];
