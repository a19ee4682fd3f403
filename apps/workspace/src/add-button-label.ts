import { replyButtonLimits } from '@frontline/shared';

/** Why a label was not added (each has a `composer.buttonProblem.*` text). */
export type ButtonLabelProblem = 'empty' | 'tooLong' | 'duplicate' | 'tooMany';

/**
 * Adds a quick-reply label typed by the operator, with the server's rules (`SendMessageRequest.buttons`):
 * trimmed, 1–64 characters, no two alike, at most 10. A refused label leaves the list as it was.
 *
 * @example addButtonLabel(['Да'], ' Нет ') // { labels: ['Да', 'Нет'], problem: null }
 * @example addButtonLabel(['Да'], 'Да') // { labels: ['Да'], problem: 'duplicate' }
 */
export function addButtonLabel(
  labels: readonly string[],
  input: string,
): { labels: string[]; problem: ButtonLabelProblem | null } {
  const label = input.trim();
  const refuse = (problem: ButtonLabelProblem) => ({ labels: [...labels], problem });
  if (label === '') return refuse('empty');
  if (label.length > replyButtonLimits.maxLength) return refuse('tooLong');
  if (labels.includes(label)) return refuse('duplicate');
  if (labels.length >= replyButtonLimits.maxButtons) return refuse('tooMany');
  return { labels: [...labels, label], problem: null };
}
