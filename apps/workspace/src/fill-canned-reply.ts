/**
 * The variables a canned reply may use, by name, each with where its value comes from (docs/canned-replies.md
 * lists the same). A name is `{{customer.name}}` in a body; spaces inside the braces are allowed.
 */
export const cannedReplyVariables = [
  'customer.name',
  'customer.firstName',
  'operator.name',
  'operator.firstName',
  'case.id',
  'queue.name',
] as const;
export type CannedReplyVariable = (typeof cannedReplyVariables)[number];

/** The values of one case view; null where the case has none (a customer without a name). */
export type ReplyVariableValues = Partial<Record<CannedReplyVariable, string | null>>;

/** The facts of a case view the variables are made of. */
export interface ReplyFacts {
  customerName: string | null;
  operatorName: string;
  caseId: number;
  queueName: string | null;
}

/** The first word of a name ("Анна Петрова" → "Анна"), or null for an empty one. */
function firstName(name: string | null): string | null {
  return name?.trim().split(/\s+/)[0] || null;
}

/** The variables' values for one case view. */
export function replyVariablesOf(facts: ReplyFacts): ReplyVariableValues {
  return {
    'customer.name': facts.customerName?.trim() || null,
    'customer.firstName': firstName(facts.customerName),
    'operator.name': facts.operatorName.trim() || null,
    'operator.firstName': firstName(facts.operatorName),
    'case.id': String(facts.caseId),
    'queue.name': facts.queueName?.trim() || null,
  };
}

const variablePattern = /\{\{\s*([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)*)\s*\}\}/g;

/**
 * The body with its variables filled in. An unknown variable, or one without a value in this case (a
 * customer without a name), is left as written, so the operator sees the gap before sending.
 * @example fillCannedReply('Hello, {{customer.firstName}}!', { 'customer.firstName': 'Anna' }) // → 'Hello, Anna!'
 */
export function fillCannedReply(body: string, values: ReplyVariableValues): string {
  return body.replace(variablePattern, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name as CannedReplyVariable] : null;
    return value ? value : whole;
  });
}
