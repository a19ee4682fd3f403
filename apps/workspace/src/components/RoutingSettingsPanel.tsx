import { useState } from 'react';
import type { RoutingSettings } from '@frontline/shared';
import type { AdminApi } from '../admin-api.ts';
import { useI18n } from '../i18n-context.ts';
import { useDraftForm } from '../use-draft-form.ts';
import { useLoadedList } from '../use-loaded-list.ts';
import {
  routingSettingsDraft,
  routingSettingsRequest,
  type RoutingSettingsDraft,
} from '../routing-settings-draft.ts';
import { AdminField } from './AdminField.tsx';
import { AdminFormShell } from './AdminFormShell.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { ChannelNumbersField } from './FieldGroup.tsx';

type SettingsApi = Pick<AdminApi, 'getRoutingSettings' | 'putRoutingSettings'>;
type NumberField =
  | 'relaxLevels'
  | 'relaxSkills'
  | 'agingSeconds'
  | 'stickyHours'
  | 'presenceGraceSeconds'
  | 'announceWaitAboveMinutes';
/** The API's field of each number field (the server's problems name those). */
const apiField: Record<NumberField, string> = {
  relaxLevels: 'relaxAfterSeconds.0',
  relaxSkills: 'relaxAfterSeconds.1',
  agingSeconds: 'agingSeconds',
  stickyHours: 'stickyHours',
  presenceGraceSeconds: 'presenceGraceSeconds',
  announceWaitAboveMinutes: 'announceWaitAboveMinutes',
};

function SettingsForm(props: {
  api: SettingsApi;
  settings: RoutingSettings;
  readOnly: boolean;
  onSaved: (s: RoutingSettings) => void;
}) {
  const { t } = useI18n();
  const { form, draft, set, setDraft, bind } = useDraftForm<RoutingSettingsDraft>(() =>
    routingSettingsDraft(props.settings),
  );
  const submit = () =>
    void form.run(routingSettingsRequest(draft), async (req) => {
      props.onSaved(await props.api.putRoutingSettings(req));
    });
  const number = (field: NumberField) => (
    <AdminField
      label={t(`admin.routing.${field}`)}
      testId={`routing-${field}`}
      {...bind(field, apiField[field])}
      inputMode="numeric"
      hint={t(`admin.routing.${field}Hint`)}
    />
  );
  return (
    <AdminFormShell
      title={t('admin.routing.formTitle')}
      testId="routing-form"
      form={form}
      readOnly={props.readOnly}
      onSubmit={submit}
      {...(props.readOnly ? {} : { onCancel: () => setDraft(routingSettingsDraft(props.settings)) })}
    >
      <ChannelNumbersField
        legend={t('admin.routing.channelWeights')}
        hint={t('admin.routing.channelWeightsHint')}
        testId="routing-weight"
        placeholder="1"
        problem={form.problem}
        problemAt="channelWeights"
        values={draft.channelWeights}
        onChange={(channelWeights) => set({ channelWeights })}
      />
      {number('relaxLevels')}
      {number('relaxSkills')}
      {number('agingSeconds')}
      {number('stickyHours')}
      {number('presenceGraceSeconds')}
      {number('announceWaitAboveMinutes')}
      <AdminField
        label={t('admin.routing.breakReasons')}
        testId="routing-breakReasons"
        {...bind('breakReasons')}
        multiline
        rows={5}
        hint={t('admin.routing.breakReasonsHint')}
      />
      {(['languageSkills', 'tagSkills'] as const).map((field) => (
        <AdminField
          key={field}
          label={t(`admin.routing.${field}`)}
          testId={`routing-${field}`}
          {...bind(field)}
          multiline
          mono
          rows={4}
          placeholder={field === 'languageSkills' ? 'en = english' : 'vip = vip'}
          hint={t(`admin.routing.${field}Hint`)}
        />
      ))}
    </AdminFormShell>
  );
}

/** The center-wide routing settings: channel weights, relaxation, aging, stickiness, presence, breaks. */
export function RoutingSettingsPanel(props: {
  api: SettingsApi;
  canEdit: boolean;
  initial?: RoutingSettings;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const [settings, setSettings] = useLoadedList(() => props.api.getRoutingSettings(), [props.api], {
    initial: props.initial,
    onError: setError,
  });
  return (
    <section className="admin-panel" data-testid="routing-panel">
      <div className="channels-head">
        <div>
          <h3>{t('admin.routing.title')}</h3>
          <p className="muted">{t('admin.routing.intro')}</p>
        </div>
      </div>
      <ErrorAlert message={error} testId="routing-error" />
      {notice && (
        <div className="alert alert-success" role="status" data-testid="routing-saved">
          {notice}
        </div>
      )}
      {settings === null ? (
        !error && <div className="empty-state">{t('admin.loading')}</div>
      ) : (
        <SettingsForm
          key={revision}
          api={props.api}
          settings={settings}
          readOnly={!props.canEdit}
          onSaved={(saved) => {
            setSettings(saved);
            setRevision((r) => r + 1);
            setNotice(t('admin.routing.saved'));
          }}
        />
      )}
    </section>
  );
}
