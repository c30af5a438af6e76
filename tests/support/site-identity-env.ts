/**
 * The site identity the e2e server runs with (the acceptance check's values, issue 18), shared by
 * tests/e2e/global-setup.ts and the specs that look for it in the footers.
 */
export const SITE_IDENTITY_ENV = {
  SITE_GOV_ID: '4100000001',
  SITE_ICP: '豫ICP备00000001号',
  SITE_PSB: '豫公网安备41000002000001号',
  SITE_SPONSOR: '样例县卫生健康委员会（演示）',
  SITE_OPERATOR: '样例县卫生健康综合监督执法局（演示）',
  SITE_CONTACT_PHONE: '0000-00000000',
  SITE_CONTACT_ADDRESS: '样例县示范路1号（演示地址）',
  SITE_CONTACT_EMAIL: 'contact@example.invalid',
} as const;
