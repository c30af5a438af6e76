/**
 * The sections of the public site, for the 网站地图 page (/sitemap/) a government site is expected
 * to have (政府网站发展指引). One list, so the page and its test name the same sections.
 */
export interface SiteSection {
  title: string;
  links: readonly { href: string; label: string }[];
}

export const SITE_SECTIONS: readonly SiteSection[] = [
  {
    title: '信用公示',
    links: [
      { href: '/lists/', label: '红黑榜（历年信用评价结果）' },
      { href: '/lists/points/', label: '不良执业行为记分公示' },
      { href: '/lists/downgrades/', label: '信用级别降级公示' },
      { href: '/lists/dishonesty/', label: '严重失信名单' },
      { href: '/cases/', label: '典型案例曝光' },
    ],
  },
  {
    title: '查询',
    links: [{ href: '/search/', label: '医疗机构查询' }],
  },
  {
    title: '投诉举报与评价',
    links: [
      { href: '/complaints/', label: '投诉举报须知' },
      { href: '/complaints/new', label: '在线投诉举报' },
      { href: '/complaints/status', label: '投诉办理进度查询' },
      { href: '/complaints/satisfaction/', label: '投诉办理满意度' },
    ],
  },
  {
    title: '规则与数据',
    links: [
      { href: '/about/rules/', label: '评价规则' },
      { href: '/about/data/', label: '数据说明' },
      { href: '/data/', label: '开放数据下载' },
      { href: '/about/licence/', label: '数据许可' },
    ],
  },
  {
    title: '关于本站',
    links: [
      { href: '/contact/', label: '联系我们' },
      { href: '/sitemap/', label: '网站地图' },
    ],
  },
];
