import { useState } from 'react';
import type { AdminBusinessHours, AdminQueue, AdminSlaPolicy, Role, Skill } from '@frontline/shared';
import { acdHash, acdTabFromHash, acdTabs, type AcdTab } from '../acd-tabs.ts';
import type { AdminApi } from '../admin-api.ts';
import { useI18n } from '../i18n-context.ts';
import { useLoadedList } from '../use-loaded-list.ts';
import { BusinessHoursPanel } from './BusinessHoursPanel.tsx';
import { EntryPointsPanel } from './EntryPointsPanel.tsx';
import { OperatorsPanel } from './OperatorsPanel.tsx';
import { QueuesPanel } from './QueuesPanel.tsx';
import { RoutingSettingsPanel } from './RoutingSettingsPanel.tsx';
import { ScreenHead } from './ScreenHead.tsx';
import { SkillsPanel } from './SkillsPanel.tsx';
import { SlaPoliciesPanel } from './SlaPoliciesPanel.tsx';

/** The lists several tabs choose from, loaded once for the screen and again after a change of one. */
export interface AcdLookups {
  skills: Skill[];
  queues: AdminQueue[];
  slaPolicies: AdminSlaPolicy[];
  businessHours: AdminBusinessHours[];
}

/**
 * Top bar → Routing (supervisors and admins): the ACD's administration in tabs — skills, queues, entry
 * points, SLA policies, business hours, operators, routing settings. Admins change them; supervisors see
 * the same screens read-only.
 */
export function AcdScreen(props: {
  api: AdminApi;
  role: Role;
  meId: number;
  /** After a queue was created, renamed or deleted (the workspace reloads its own queue list). */
  onQueuesChanged?: () => void;
  /** For render tests: the tab shown and the lists as already loaded. */
  initialTab?: AcdTab;
  initial?: AcdLookups;
}) {
  const { api } = props;
  const { t } = useI18n();
  const canEdit = props.role === 'admin';
  const [tab, setTab] = useState<AcdTab>(() => props.initialTab ?? acdTabFromHash(window.location.hash));
  const [version, setVersion] = useState(0);
  const [errors, setErrors] = useState<Partial<Record<keyof AcdLookups, string>>>({});
  const report = (key: keyof AcdLookups) => ({
    onError: (message: string) => setErrors((e) => ({ ...e, [key]: message })),
    onLoaded: () => setErrors((e) => ({ ...e, [key]: undefined })),
  });
  const deps = [api, version];
  const useLookup = <K extends keyof AcdLookups>(key: K, load: () => Promise<AcdLookups[K]>) =>
    useLoadedList(load, deps, { initial: props.initial?.[key], ...report(key) })[0];
  const skills = useLookup('skills', () => api.listSkills());
  const queues = useLookup('queues', () => api.listAdminQueues());
  const slaPolicies = useLookup('slaPolicies', () => api.listSlaPolicies());
  const businessHours = useLookup('businessHours', () => api.listBusinessHours());
  const changed = () => setVersion((v) => v + 1);
  const choose = (next: AcdTab) => {
    setTab(next);
    window.history.replaceState(null, '', acdHash(next));
  };
  const lists = {
    skills: skills ?? [],
    queues: queues ?? [],
    slaPolicies: slaPolicies ?? [],
    businessHours: businessHours ?? [],
  };

  return (
    <main className="channels-page" data-testid="acd-screen">
      <ScreenHead title={t('admin.title')} intro={canEdit ? t('admin.intro') : t('admin.introReadOnly')} />
      <nav className="admin-tabs" role="tablist" aria-label={t('admin.title')}>
        {acdTabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={`tab${tab === name ? ' tab-active' : ''}`}
            data-testid={`acd-tab-${name}`}
            onClick={() => choose(name)}
          >
            {t(`admin.tab.${name}`)}
          </button>
        ))}
      </nav>
      {tab === 'skills' ? (
        <SkillsPanel
          api={api}
          canEdit={canEdit}
          skills={skills}
          loadError={errors.skills ?? null}
          onChanged={changed}
        />
      ) : tab === 'queues' ? (
        <QueuesPanel
          api={api}
          canEdit={canEdit}
          queues={queues}
          loadError={errors.queues ?? null}
          onChanged={() => {
            changed();
            props.onQueuesChanged?.();
          }}
        />
      ) : tab === 'entry-points' ? (
        <EntryPointsPanel api={api} canEdit={canEdit} choices={lists} />
      ) : tab === 'sla' ? (
        <SlaPoliciesPanel
          api={api}
          canEdit={canEdit}
          policies={slaPolicies}
          queues={lists.queues}
          loadError={errors.slaPolicies ?? null}
          onChanged={changed}
        />
      ) : tab === 'hours' ? (
        <BusinessHoursPanel
          api={api}
          canEdit={canEdit}
          hours={businessHours}
          loadError={errors.businessHours ?? null}
          onChanged={changed}
        />
      ) : tab === 'operators' ? (
        <OperatorsPanel
          api={api}
          canEdit={canEdit}
          meId={props.meId}
          queues={lists.queues}
          skills={lists.skills}
        />
      ) : (
        <RoutingSettingsPanel api={api} canEdit={canEdit} />
      )}
    </main>
  );
}
