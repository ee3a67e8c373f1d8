import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskFact, maskIdNumber, maskName, maskPhone } from './masking.js';

describe('masking personal data', () => {
  it('masks an 18-digit resident ID to region code and last four', () => {
    expect(maskIdNumber('110105199001011234')).toBe('110105********1234');
    expect(maskIdNumber('11010519900101123X')).toBe('110105********123X');
    expect(maskIdNumber('110105900101123')).toBe('110105*****1123');
  });

  it('masks a mainland mobile to its prefix and last four, with or without +86', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('010-6512-3456')).toBe('*******3456');
    expect(maskPhone('123')).toBe('***');
  });

  it('masks e-mail and addresses, and leaves employer and income as they are', () => {
    expect(maskEmail('zhang.wei@example.com')).toBe('z***@example.com');
    expect(maskEmail('broken')).toBe('******');
    expect(maskFact('home_address', '北京市朝阳区建国路88号')).toBe('北京市朝阳区****');
    expect(maskFact('work_address', 'Shanghai Pudong')).toBe('Shangh****');
    expect(maskFact('mobile', '13812345678')).toBe('138****5678');
    expect(maskFact('email', 'li@corp.cn')).toBe('l***@corp.cn');
    expect(maskFact('employer', '北京某科技有限公司')).toBe('北京某科技有限公司');
    expect(maskFact('monthly_income_fen', '1500000')).toBe('1500000');
  });

  it('keeps the first character of a name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('王')).toBe('王');
  });

  it('never shows the middle of an ID number, and keeps its length', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}[0-9X]$/), (id) => {
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(id.length);
        expect(masked.slice(6, -4)).toMatch(/^\*+$/);
        expect(masked.slice(-4)).toBe(id.slice(-4));
      }),
    );
  });

  it('never shows the middle four digits of a mobile', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9][0-9]{9}$/), (phone) => {
        const masked = maskPhone(phone);
        expect(masked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
        expect(masked.slice(3, 7)).toBe('****');
      }),
    );
  });
});
