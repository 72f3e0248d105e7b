/** Question threads still waiting for or holding an answer: a resident's next SMS continues one of these. */
export const OPEN_QUESTION_STATUSES = ['OPEN', 'TAKEN', 'ANSWERED', 'ESCALATED'] as const;
