import { describe, expect, it } from 'vitest';
import { renderTemplatePreview, templateParamCount } from '../src/components/TemplatePicker.tsx';

describe('template helpers', () => {
  it('counts distinct {{n}} parameters', () => {
    expect(templateParamCount('Здравствуйте, {{1}}! Заказ {{2}} готов, {{1}}.')).toBe(2);
    expect(templateParamCount('Без параметров')).toBe(0);
  });
  it('previews the body with the filled parameters and keeps empty ones visible', () => {
    expect(renderTemplatePreview('Здравствуйте, {{1}}! Заказ {{2}}.', ['Анна'])).toBe(
      'Здравствуйте, Анна! Заказ {{2}}.',
    );
  });
});
