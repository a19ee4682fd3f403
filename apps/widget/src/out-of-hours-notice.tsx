import type { WidgetLocale } from './strings.ts';
import { formatOpening, getHoursStrings } from './strings-hours.ts';

/** Shown above the chat while the entry point is out of its business hours; the chat still takes messages. */
export function OutOfHoursNotice(props: { opensAt: string | null; locale: WidgetLocale; now?: number }) {
  const t = getHoursStrings(props.locale);
  // Told at the session's start: once the opening has passed, the notice is gone (on the next render).
  if (props.opensAt && Date.parse(props.opensAt) <= (props.now ?? Date.now())) return null;
  return (
    <div class="notice" role="status" data-testid="fl-out-of-hours">
      {t.closed}
      {props.opensAt && ` ${t.opensAt(formatOpening(props.opensAt, props.locale))}`}
    </div>
  );
}
