import { describe, expect, it } from 'vitest';
import { safeUrl } from '../src/safe-url.ts';

describe('safeUrl', () => {
  it('allows same-origin paths and http(s) only', () => {
    expect(safeUrl('/api/v1/attachments/abc')).toBe('/api/v1/attachments/abc');
    expect(safeUrl('https://files.example/a.png')).toBe('https://files.example/a.png');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('//evil.example/x')).toBeNull();
    expect(safeUrl('data:text/html,<script>')).toBeNull();
  });
});
