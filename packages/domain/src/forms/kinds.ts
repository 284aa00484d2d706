import { z } from 'zod';

export const FORM_KINDS = ['risk_assessment', 'health_safety', 'start_of_day', 'job_completion'] as const;
export const ZFormKind = z.enum(FORM_KINDS);
