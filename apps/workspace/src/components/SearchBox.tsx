import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchResults } from '@frontline/shared';
import type { Api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { searchItems, snippetParts, type SearchItem } from '../search-items.ts';

/** Wait this long after the last keystroke before asking the server. */
const debounceMs = 250;

/**
 * The top bar's search: customers (name, phone, e-mail, external id), cases (`#123`) and message text, as the
 * operator types; results grouped, ↑/↓ to move, Enter or a click opens the case, Escape closes.
 */
export function SearchBox(props: {
  api: Pick<Api, 'search'>;
  onOpenCase: (caseId: number) => void;
  /** Shown open with these results (tests). */
  initial?: { q: string; results: SearchResults };
}) {
  const { t } = useI18n();
  const [q, setQ] = useState(props.initial?.q ?? '');
  const [results, setResults] = useState<SearchResults | null>(props.initial?.results ?? null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(props.initial !== undefined);
  const [active, setActive] = useState(0);
  const asked = useRef(0);

  useEffect(() => {
    const text = q.trim();
    if (text === '' || text === props.initial?.q) return;
    const request = ++asked.current;
    const timer = setTimeout(() => {
      props.api.search(text).then(
        (found) => {
          if (request !== asked.current) return;
          setResults(found);
          setError(null);
          setActive(0);
        },
        (failure: unknown) => {
          if (request !== asked.current) return;
          setResults(null);
          setError(errorText(failure, t));
        },
      );
    }, debounceMs);
    return () => clearTimeout(timer);
    // A new search only when the text changes (not when the parent renders a new `api` object).
  }, [q]);

  const items = results ? searchItems(results) : [];
  const choose = (item: SearchItem | undefined) => {
    if (!item) return;
    setOpen(false);
    props.onOpenCase(item.caseId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (items.length > 0) {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + items.length) % items.length);
      }
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(items[active]);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  const showList = open && q.trim() !== '' && (results !== null || error !== null);
  const groups = (['customers', 'cases', 'messages'] as const).filter((g) =>
    items.some((i) => i.group === g),
  );
  return (
    <div className="search" data-testid="search">
      <input
        className="search-input"
        type="search"
        role="combobox"
        aria-label={t('search.label')}
        aria-expanded={showList}
        aria-controls="search-results"
        aria-activedescendant={showList && items[active] ? `search-${items[active].key}` : undefined}
        placeholder={t('search.placeholder')}
        value={q}
        data-testid="search-input"
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <div className="search-results" id="search-results" role="listbox" data-testid="search-results">
          {error !== null && <div className="search-note search-error">{error}</div>}
          {results && items.length === 0 && <div className="search-note">{t('search.nothing')}</div>}
          {groups.map((group) => (
            <div key={group} role="group" aria-label={t(`search.group.${group}`)}>
              <div className="search-group">{t(`search.group.${group}`)}</div>
              {items.map((item, index) =>
                item.group !== group ? null : (
                  <div
                    key={item.key}
                    id={`search-${item.key}`}
                    role="option"
                    aria-selected={index === active}
                    className={`search-item${index === active ? ' search-item-active' : ''}`}
                    data-testid={`search-${item.key}`}
                    onMouseDown={(e) => e.preventDefault()}
                    onMouseEnter={() => setActive(index)}
                    onClick={() => choose(item)}
                  >
                    <span className="search-title">
                      {item.title ?? t('search.customer', { id: item.customerId })} ·{' '}
                      {t('search.case', { id: item.caseId })}
                    </span>
                    <span className="search-snippet">
                      {snippetParts(item.snippet).map((part, i) =>
                        part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                      )}
                    </span>
                  </div>
                ),
              )}
            </div>
          ))}
          {results && !results.index.fresh && (
            <div className="search-note" data-testid="search-lagging">
              {t('search.lagging', { count: results.index.pendingMessages })}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
