import type { OperatorEvent } from '@frontline/shared';

/**
 * A `message.created` may carry the case as it stands after the message (the server then sends no
 * separate `case.updated`): split it into the two events the rest of the app handles.
 */
export function expandEvent(event: OperatorEvent): OperatorEvent[] {
  if (event.type !== 'message.created' || event.case === undefined) return [event];
  const { case: c, ...message } = event;
  return [{ type: 'case.updated', case: c }, message];
}
