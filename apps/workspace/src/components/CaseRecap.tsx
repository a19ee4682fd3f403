import type { CaseRecap as Recap } from '@frontline/shared';
import { useEffect, useState } from 'react';
import type { Api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { RecapPanel } from './RecapPanel.tsx';

const collapsedKey = 'frontline.workspace.recapCollapsed';

/** Whether the operator collapsed the recap: remembered on this machine, for every case they open. */
function loadCollapsed(): boolean {
  try {
    return globalThis.localStorage?.getItem(collapsedKey) === '1';
  } catch {
    return false; // localStorage may be unavailable (privacy mode): expanded, not remembered.
  }
}

function saveCollapsed(collapsed: boolean): void {
  try {
    globalThis.localStorage?.setItem(collapsedKey, collapsed ? '1' : '0');
  } catch {
    // Not remembered; the choice still applies to this tab.
  }
}

/**
 * The recap at the top of the open case. It is fetched again whenever `revision` changes: the case view passes
 * one that changes with each message of the case it receives (realtime or sent), so the recap follows the
 * conversation. A response for a case no longer open, or older than the latest request, is dropped.
 */
export function CaseRecap(props: { api: Api; caseId: number; revision: string }) {
  const { t } = useI18n();
  const { api, caseId, revision } = props;
  const [recap, setRecap] = useState<Recap | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(() => !loadCollapsed());

  useEffect(() => {
    let current = true;
    api.getRecap(caseId).then(
      (loaded) => {
        if (!current) return;
        setRecap(loaded);
        setError(null);
      },
      (err: unknown) => {
        if (current) setError(errorText(err, t));
      },
    );
    return () => {
      current = false;
    };
  }, [api, caseId, revision, t]);

  // Another case: never show the previous case's recap while the new one loads.
  const shown = recap?.caseId === caseId ? recap : null;
  return (
    <RecapPanel
      recap={shown}
      error={error}
      expanded={expanded}
      onToggle={() => {
        setExpanded(!expanded);
        saveCollapsed(expanded);
      }}
    />
  );
}
