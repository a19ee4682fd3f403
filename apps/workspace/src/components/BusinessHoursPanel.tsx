import { useState } from 'react';
import type { AdminBusinessHours } from '@frontline/shared';
import type { AdminApi } from '../admin-api.ts';
import { useI18n } from '../i18n-context.ts';
import { useAdminForm } from '../use-admin-form.ts';
import {
  businessHoursRequest,
  formatHolidays,
  formatWeekly,
  weekdays,
  type BusinessHoursDraft,
} from '../weekly-hours-text.ts';
import { AdminField } from './AdminField.tsx';
import { AdminFormShell } from './AdminFormShell.tsx';
import { CrudPanel } from './CrudPanel.tsx';

type HoursApi = Pick<AdminApi, 'createBusinessHours' | 'updateBusinessHours' | 'deleteBusinessHours'>;

/** The IANA zones the browser knows, for the time zone field's suggestions. */
function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['Europe/Moscow', 'UTC'];
}

function BusinessHoursForm(props: {
  api: HoursApi;
  editing: AdminBusinessHours | null;
  readOnly: boolean;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const form = useAdminForm();
  const { editing } = props;
  const [draft, setDraft] = useState<BusinessHoursDraft>(() => ({
    name: editing?.name ?? '',
    timeZone: editing?.timeZone ?? 'Europe/Moscow',
    weekly: formatWeekly(
      editing?.weekly ?? Object.fromEntries(weekdays.slice(0, 5).map((d) => [d, [['09:00', '18:00']]])),
    ),
    holidays: formatHolidays(editing?.holidays ?? []),
  }));
  const set = (change: Partial<BusinessHoursDraft>) => setDraft((d) => ({ ...d, ...change }));
  const submit = () =>
    void form.run(businessHoursRequest(draft), async (req) => {
      if (editing) await props.api.updateBusinessHours(editing.id, req);
      else await props.api.createBusinessHours(req);
      props.onSaved();
    });
  return (
    <AdminFormShell
      title={editing ? t('admin.hours.editTitle') : t('admin.hours.newTitle')}
      testId="hours-form"
      form={form}
      readOnly={props.readOnly}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <AdminField
        label={t('admin.name')}
        testId="hours-name"
        value={draft.name}
        problem={form.problem('name')}
        onChange={(name) => set({ name })}
      />
      <AdminField
        label={t('admin.hours.timeZone')}
        testId="hours-zone"
        value={draft.timeZone}
        mono
        list="admin-time-zones"
        hint={t('admin.hours.timeZoneHint')}
        problem={form.problem('timeZone')}
        onChange={(timeZone) => set({ timeZone })}
      />
      <datalist id="admin-time-zones">
        {timeZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <fieldset className="field field-wide">
        <legend>{t('admin.hours.weekly')}</legend>
        <span className="field-hint">{t('admin.hours.weeklyHint')}</span>
        <div className="weekly-grid">
          {weekdays.map((day) => (
            <AdminField
              key={day}
              label={t(`admin.day.${day}`)}
              testId={`hours-${day}`}
              value={draft.weekly[day]}
              mono
              placeholder={t('admin.hours.closed')}
              problem={form.problem(`weekly.${day}`)}
              onChange={(value) => set({ weekly: { ...draft.weekly, [day]: value } })}
            />
          ))}
        </div>
      </fieldset>
      <AdminField
        label={t('admin.hours.holidays')}
        testId="hours-holidays"
        value={draft.holidays}
        multiline
        mono
        wide
        placeholder="2027-01-01"
        hint={t('admin.hours.holidaysHint')}
        problem={form.problem('holidays')}
        onChange={(holidays) => set({ holidays })}
      />
    </AdminFormShell>
  );
}

/** Business hours: a time zone, open hours per weekday and closed dates; entry points and SLA use them. */
export function BusinessHoursPanel(props: {
  api: HoursApi;
  canEdit: boolean;
  hours: AdminBusinessHours[] | null;
  loadError: string | null;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const summary = (h: AdminBusinessHours) => {
    const text = formatWeekly(h.weekly);
    return weekdays
      .filter((day) => text[day] !== '')
      .map((day) => `${t(`admin.dayShort.${day}`)} ${text[day]}`)
      .join('; ');
  };
  return (
    <CrudPanel
      id="hours"
      title={t('admin.hours.title')}
      intro={t('admin.hours.intro')}
      newLabel={t('admin.hours.new')}
      items={props.hours}
      loadError={props.loadError}
      emptyText={t('admin.hours.empty')}
      columns={[
        t('admin.name'),
        t('admin.hours.timeZone'),
        t('admin.hours.weekly'),
        t('admin.hours.holidays'),
      ]}
      cells={(h) => [
        h.name,
        <code key="zone">{h.timeZone}</code>,
        summary(h) || t('admin.hours.closed'),
        h.holidays.length,
      ]}
      canEdit={props.canEdit}
      form={(editing, formProps) => <BusinessHoursForm api={props.api} editing={editing} {...formProps} />}
      onChanged={props.onChanged}
      onDelete={(h) => props.api.deleteBusinessHours(h.id)}
      deleteBody={(h) => t('admin.hours.deleteBody', { name: h.name })}
    />
  );
}
