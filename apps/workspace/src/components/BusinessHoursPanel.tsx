import type { AdminBusinessHours } from '@frontline/shared';
import type { AdminApi } from '../admin-api.ts';
import { useI18n } from '../i18n-context.ts';
import { saveItem, useDraftForm } from '../use-draft-form.ts';
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
import { FieldGroup } from './FieldGroup.tsx';

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
  const { editing } = props;
  const { form, draft, set, bind } = useDraftForm<BusinessHoursDraft>(() => ({
    name: editing?.name ?? '',
    timeZone: editing?.timeZone ?? 'Europe/Moscow',
    weekly: formatWeekly(
      editing?.weekly ?? Object.fromEntries(weekdays.slice(0, 5).map((d) => [d, [['09:00', '18:00']]])),
    ),
    holidays: formatHolidays(editing?.holidays ?? []),
  }));
  const submit = () =>
    void form.run(
      businessHoursRequest(draft),
      saveItem(props, props.api.updateBusinessHours, props.api.createBusinessHours),
    );
  return (
    <AdminFormShell
      title={editing ? t('admin.hours.editTitle') : t('admin.hours.newTitle')}
      testId="hours-form"
      form={form}
      readOnly={props.readOnly}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <AdminField label={t('admin.name')} testId="hours-name" {...bind('name')} />
      <AdminField
        label={t('admin.hours.timeZone')}
        testId="hours-zone"
        {...bind('timeZone')}
        mono
        list="admin-time-zones"
        hint={t('admin.hours.timeZoneHint')}
      />
      <datalist id="admin-time-zones">
        {timeZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <FieldGroup legend={t('admin.hours.weekly')} hint={t('admin.hours.weeklyHint')} grid="weekly-grid">
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
      </FieldGroup>
      <AdminField
        label={t('admin.hours.holidays')}
        testId="hours-holidays"
        {...bind('holidays')}
        multiline
        mono
        wide
        placeholder="2027-01-01"
        hint={t('admin.hours.holidaysHint')}
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
