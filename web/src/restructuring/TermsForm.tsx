import { Checkbox, Form, Input, InputNumber, Switch } from 'antd';
import type { FormInstance } from 'antd';
import { parseYuanToFen } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { OPTION_KINDS, type OptionKind, optionLabel, percentToRate, type Terms } from './labels.js';

export interface TermValues {
  options: OptionKind[];
  extensionMonths?: number;
  newTermMonths?: number;
  rate?: string;
  ratePeriods?: number | null;
  holidayMonths?: number;
  holidayCapitalise?: boolean;
  waiveAll?: boolean;
  waiveAmount?: string;
  reason?: string;
}

/** The form's values as the API's terms; the server checks them again (and says which field is wrong). */
export function termsOf(v: TermValues): Terms {
  const on = (k: OptionKind) => v.options.includes(k);
  const terms: Terms = {};
  if (on('extension') && v.extensionMonths) terms.extensionMonths = v.extensionMonths;
  if (on('reamortise') && v.newTermMonths) terms.newTermMonths = v.newTermMonths;
  if (on('rateReduction') && v.rate) terms.rateReduction = { annualRate: percentToRate(v.rate) ?? v.rate, periods: v.ratePeriods ?? null };
  if (on('holiday') && v.holidayMonths) terms.holiday = { months: v.holidayMonths, capitalise: v.holidayCapitalise ?? false };
  if (on('capitaliseArrears')) terms.capitaliseArrears = true;
  if (on('waivePenalty')) terms.waivePenalty = v.waiveAll !== false ? 'all' : { fen: parseYuanToFen(v.waiveAmount ?? '') ?? 0 };
  return terms;
}

const required = (message: string) => [{ required: true, message }];

/** The options the issue lists, combinable; each shows its own fields once chosen. */
export function TermsForm({ form, suggested, onChange }: { form: FormInstance<TermValues>; suggested: readonly string[]; onChange: () => void }) {
  const { t } = useI18n();
  const options = Form.useWatch('options', form) ?? [];
  const waiveAll = Form.useWatch('waiveAll', form) ?? true;
  const on = (k: OptionKind) => options.includes(k);
  const first = OPTION_KINDS.find((k) => suggested.includes(k));
  return (
    <Form<TermValues>
      form={form}
      layout="vertical"
      data-testid="rs-terms-form"
      initialValues={{ options: first ? [first] : [], holidayCapitalise: false, waiveAll: true }}
      onValuesChange={(changed: Partial<TermValues>) => {
        // a preview is for the terms it was made of: any change but the reason makes it stale
        if (Object.keys(changed).some((k) => k !== 'reason')) onChange();
      }}
      style={{ maxWidth: 720 }}
    >
      <Form.Item name="options" label={t('rs.terms.options')} rules={[{ required: true, type: 'array', min: 1, message: t('rs.terms.pickOne') }]}>
        <Checkbox.Group data-testid="rs-options" options={OPTION_KINDS.map((k) => ({ value: k, label: `${optionLabel(t, k)}${suggested.includes(k) ? ' ★' : ''}` }))} />
      </Form.Item>
      {on('extension') && (
        <Form.Item name="extensionMonths" label={t('rs.terms.extensionMonths')} rules={required(t('form.required'))}>
          <InputNumber min={1} max={120} precision={0} data-testid="rs-extension-months" />
        </Form.Item>
      )}
      {on('reamortise') && (
        <Form.Item name="newTermMonths" label={t('rs.terms.newTermMonths')} rules={required(t('form.required'))}>
          <InputNumber min={1} max={600} precision={0} />
        </Form.Item>
      )}
      {on('rateReduction') && (
        <>
          <Form.Item
            name="rate"
            label={t('rs.terms.rate')}
            rules={[...required(t('form.required')), { validator: async (_, value: string | undefined) => { if (value && percentToRate(value) === null) throw new Error(t('rs.terms.rateInvalid')); } }]}
          >
            <Input suffix="%" inputMode="decimal" style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item name="ratePeriods" label={t('rs.terms.ratePeriods')}>
            <InputNumber min={1} max={600} precision={0} />
          </Form.Item>
        </>
      )}
      {on('holiday') && (
        <>
          <Form.Item name="holidayMonths" label={t('rs.terms.holidayMonths')} rules={required(t('form.required'))}>
            <InputNumber min={1} max={24} precision={0} />
          </Form.Item>
          <Form.Item name="holidayCapitalise" label={t('rs.terms.holidayCapitalise')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </>
      )}
      {on('waivePenalty') && (
        <>
          <Form.Item name="waiveAll" label={t('rs.terms.waiveAll')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {!waiveAll && (
            <Form.Item
              name="waiveAmount"
              label={t('rs.terms.waiveAmount')}
              rules={[...required(t('form.required')), { validator: async (_, value: string | undefined) => { const fen = value ? parseYuanToFen(value) : null; if (value && (fen === null || fen <= 0)) throw new Error(t('rs.amountInvalid')); } }]}
            >
              <Input prefix="¥" inputMode="decimal" style={{ maxWidth: 200 }} />
            </Form.Item>
          )}
        </>
      )}
      <Form.Item name="reason" label={t('rs.terms.reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('form.reasonMin') }]}>
        <Input.TextArea rows={2} data-testid="rs-reason" />
      </Form.Item>
    </Form>
  );
}
