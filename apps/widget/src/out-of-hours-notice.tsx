import type { WidgetLocale } from './strings.ts';
import { formatOpening, getHoursStrings } from './strings-hours.ts';

/** Shown above the chat while the entry point is out of its business hours; the chat still takes messages. */
export function OutOfHoursNotice(props: { opensAt: string | null; locale: WidgetLocale }) {
  const t = getHoursStrings(props.locale);
  return (
    <div class="notice" role="status" data-testid="fl-out-of-hours">
      {t.closed}
      {props.opensAt && ` ${t.opensAt(formatOpening(props.opensAt, props.locale))}`}
    </div>
  );
}
