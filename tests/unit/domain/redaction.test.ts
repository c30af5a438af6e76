import { describe, expect, it } from 'vitest';
import { containsPersonalDetails, redact } from '../../../src/domain/redaction';

describe('redaction of personal details in free text', () => {
  it.each([
    ['电话13812345678请回电', '电话［电话已隐去］请回电', '电话'],
    ['手机 138-1234-5678。', '手机 ［电话已隐去］。', '电话'],
    ['+86 138 1234 5678', '［电话已隐去］', '电话'],
    ['座机0371-12345678转123', '座机［电话已隐去］', '电话'],
    ['（0371）12345678', '［电话已隐去］', '电话'],
    ['身份证410102199001011234', '身份证［身份证号已隐去］', '身份证号'],
    ['身份证号41010219900101123X。', '身份证号［身份证号已隐去］。', '身份证号'],
    ['卡号6222 0212 3456 7890 123', '卡号［银行卡号已隐去］', '银行卡号'],
    ['邮箱 zhang.san@example.com', '邮箱 ［电子邮箱已隐去］', '电子邮箱'],
    ['微信号：zhangsan_88', '微信号：［社交账号已隐去］', '社交账号'],
    ['我家住幸福路12号3栋，', '我家住［住址已隐去］，', '住址'],
    ['我叫张三，昨天去看病', '我叫［姓名已隐去］，昨天去看病', '姓名'],
    ['姓名：欧阳娜娜。', '姓名：［姓名已隐去］。', '姓名'],
    ['联系人王五', '联系人［姓名已隐去］', '姓名'],
  ])('%s', (input, output, kind) => {
    const r = redact(input);
    expect(r.text).toBe(output);
    expect(r.found[kind as keyof typeof r.found]).toBe(1);
  });

  it('reads full-width digits too', () => {
    expect(redact('电话１３８１２３４５６７８').text).toBe('电话［电话已隐去］');
  });

  it('leaves ordinary text unchanged, including prices and dates', () => {
    const text = '2025年3月15日在诊所输液，收费120元，医生态度很好。';
    expect(redact(text)).toEqual({ text, found: {} });
    expect(containsPersonalDetails(text)).toBe(false);
    expect(containsPersonalDetails('我叫李四')).toBe(true);
  });

  it('counts several findings', () => {
    const r = redact('我叫张三，电话13812345678，备用13987654321');
    expect(r.found).toEqual({ 电话: 2, 姓名: 1 });
    expect(r.text).not.toMatch(/张三|1381234|1398765/);
  });
});

// Issue 17 item 12: the holes found in use. Each case failed before the fix.
describe('privacy nets: what slipped through', () => {
  const P = '［电话已隐去］';
  it.each([
    // separators between the digits
    ['电话138 1234 5678请回电', `电话${P}请回电`],
    ['电话 138.1234.5678。', `电话 ${P}。`],
    ['手机138-1234-5678', `手机${P}`],
    ['1 3 8 1 2 3 4 5 6 7 8', P],
    ['138 - 1234 - 5678', P],
    ['1381234 5678', P],
    ['138_1234_5678', P],
    ['138·1234·5678', P],
    ['138—1234—5678', P],
    ['+86.138.1234.5678', P],
    ['0086 13812345678', P],
    // invisible characters between the digits
    ['1\u200b3812345678', P],
    ['138\u200c1234\u200d5678', P],
    ['138\u20601234\ufeff5678', P],
    ['１３８\u200b１２３４５６７８', P],
    ['13\u00ad812345678', P],
    ['138\u202e1234\u202c5678', P],
    // other digit forms
    ['①③⑧①②③④⑤⑥⑦⑧', P],
    ['\u{1d7cf}\u{1d7d1}\u{1d7d6}12345678', P],
    // Chinese numerals
    ['电话一三八一二三四五六七八', `电话${P}`],
    ['幺三八幺二三四五六七八', P],
    ['打一三八 一二三四 五六七八找我', `打${P}找我`],
    ['138一二三四5678', P],
    ['壹叁捌壹贰叁肆伍陆柒捌', P],
    ['座机〇三七一六二三四五六七八', `座机${P}`],
  ])('phone: %s', (input, output) => {
    const r = redact(input);
    expect(r.text).toBe(output);
    expect(r.found['电话']).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['我是张三，在这家诊所看病', '我是［姓名已隐去］，在这家诊所看病'],
    ['本人李四，住城关镇', '本人［姓名已隐去］，住城关镇'],
    ['本人王小明。', '本人［姓名已隐去］。'],
    ['我叫赵六', '我叫［姓名已隐去］'],
    ['本人叫孙七', '本人叫［姓名已隐去］'],
    ['我是欧阳娜娜', '我是［姓名已隐去］'],
  ])('name: %s', (input, output) => {
    expect(redact(input).text).toBe(output);
  });

  it.each([
    ['V信：zhangsan88', 'V信：［社交账号已隐去］'],
    ['v信zhangsan88', 'v信［社交账号已隐去］'],
    ['加vx zhang_san_1', '加vx ［社交账号已隐去］'],
    ['VX:zhangsan88', 'VX:［社交账号已隐去］'],
    ['wx：zhangsan88', 'wx：［社交账号已隐去］'],
    ['微信号是 zhang-san-88', '微信号是 ［社交账号已隐去］'],
    ['薇信 zhangsan88', '薇信 ［社交账号已隐去］'],
    ['QQ号123456789', 'QQ号［社交账号已隐去］'],
    ['扣扣：123456789', '扣扣：［社交账号已隐去］'],
  ])('social account: %s', (input, output) => {
    expect(redact(input).text).toBe(output);
  });

  it.each([
    ['地址：城关镇幸福路12号3栋2单元，欢迎核实', '地址：［住址已隐去］，欢迎核实'],
    ['住址:幸福路12号。', '住址:［住址已隐去］。'],
    ['家庭地址：青禾县城关镇东街5号', '家庭地址：［住址已隐去］'],
    ['现住幸福小区8栋；', '现住［住址已隐去］；'],
  ])('address: %s', (input, output) => {
    expect(redact(input).text).toBe(output);
  });

  it.each([
    ['身份证 410102 19900101 1234', '身份证 ［身份证号已隐去］'],
    ['身份证41010219900101123x', '身份证［身份证号已隐去］'],
    ['410102199001011', '［身份证号已隐去］'],
  ])('ID card: %s', (input, output) => {
    expect(redact(input).text).toBe(output);
  });

  it.each([
    ['邮箱ZhangSan_88@qq.com', '邮箱［电子邮箱已隐去］'],
    ['发到 zhang.san@mail.example.com.cn。', '发到 ［电子邮箱已隐去］。'],
    ['zhang＠example．com', '［电子邮箱已隐去］'],
  ])('e-mail: %s', (input, output) => {
    expect(redact(input).text).toBe(output);
  });

  it('removes invisible characters even when nothing else is found', () => {
    expect(redact('服务\u200b很好\u202e')).toEqual({ text: '服务很好', found: {} });
  });

  // False positives: what must stay as it is.
  it.each([
    '2025年3月15日在诊所输液，收费120元。',
    '2025-03-15 上午10:30 就诊，2025.03.16 复诊。',
    '日期 2025.3.15，时间 13:45',
    '收费 1,380.50 元，退了 138.00 元',
    '共交了 13800 元，医保报销 12345 元',
    '受理编号 2673-0913-6642，查询码 AB23-CD45',
    '受理编号 1381-2345-6789',
    '登记号 PDY41048112345678901A',
    '登记号 410481-123456789-A12',
    '统一社会信用代码 91410423MA45XY0L1X',
    '快递单号 SF1234567890123',
    '第一二三条规定',
    '一二三四五六，很好',
    '我是患者家属，医生态度很好。',
    '我是一名护士，觉得这里不错。',
    '本人于3月15日就诊，本人在该诊所输液。',
    '诊所地址在幸福路，环境干净。',
    '微信支付很方便',
    '等了 30 分钟，排队 12 人',
    '电话打了 3 次都没人接',
    '血压 138/85，血糖 5.6',
  ])('keeps: %s', (text) => {
    expect(redact(text)).toEqual({ text, found: {} });
  });
});
