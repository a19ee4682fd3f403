import { useEffect, useState } from 'preact/hooks';
import { fetchEntryPoints, type EntryPoint } from '@frontline/sdk';
import type { Strings, WidgetLocale } from './strings.ts';

/** The list of topics to start a chat with (when the host did not fix one). */
export function EntryPicker(props: {
  baseUrl: string;
  locale: WidgetLocale;
  strings: Strings;
  onPick: (slug: string) => void;
}) {
  const [points, setPoints] = useState<EntryPoint[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const t = props.strings;

  useEffect(() => {
    setFailed(false);
    fetchEntryPoints({ baseUrl: props.baseUrl }).then(setPoints, () => setFailed(true));
  }, [props.baseUrl, attempt]);

  if (failed) {
    return (
      <div class="notice">
        {t.connectFailed} <button onClick={() => setAttempt(attempt + 1)}>{t.retry}</button>
      </div>
    );
  }
  return (
    <div class="picker">
      <p>{t.pickEntry}</p>
      {points?.map((p) => (
        <button key={p.slug} data-testid={`fl-entry-${p.slug}`} onClick={() => props.onPick(p.slug)}>
          {props.locale === 'ru' ? p.nameRu : p.nameEn}
        </button>
      ))}
    </div>
  );
}
