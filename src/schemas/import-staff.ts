/**
 * The staff sheet (执业人员): one row per person practising at an institution. A person is
 * found again by 登记号 + 执业证书编码, or by 登记号 + 姓名 when the row has no certificate number
 * (docs/import.md). Certificate numbers are masked on public pages (src/domain/masking.ts).
 */
import { requiredChoice, cleanIdentifier, optionalDate, optionalLine, optionalYesNo, requiredLine } from './import-cells';
import { defineSheet, registrationNoField, type RowOf } from './import-sheet';

/** Professions, as the database check on staff.profession lists them. */
export const PROFESSIONS = ['医师', '助理医师', '乡村医生', '护士', '药师', '技师', '其他'] as const;
export type Profession = (typeof PROFESSIONS)[number];

const PROFESSION_SYNONYMS: Readonly<Record<string, Profession>> = {
  执业医师: '医师',
  执业助理医师: '助理医师',
  乡村全科执业助理医师: '助理医师',
  乡村医师: '乡村医生',
  注册护士: '护士',
  执业护士: '护士',
  执业药师: '药师',
  药剂师: '药师',
  检验技师: '技师',
  影像技师: '技师',
  康复治疗师: '技师',
};

export const staffSheet = defineSheet(
  {
    registrationNo: registrationNoField('执业机构的登记号（机构须已导入）', ['医疗机构登记号', '机构登记号']),
    name: { header: '姓名', aliases: [], required: true, help: '不超过50字', cell: requiredLine(50), pg: 'text' },
    profession: {
      header: '人员类别',
      aliases: ['执业类型', '人员类型'],
      required: true,
      help: `${PROFESSIONS.join('、')}之一（也接受“执业医师”“注册护士”等写法）`,
      cell: requiredChoice(PROFESSIONS, PROFESSION_SYNONYMS),
      pg: 'text',
    },
    practiceCategory: {
      header: '执业类别',
      aliases: [],
      required: false,
      help: '如临床、中医、口腔、公共卫生，不超过30字',
      cell: optionalLine(30),
      pg: 'text',
    },
    practiceScope: { header: '执业范围', aliases: [], required: false, help: '如内科专业，不超过100字', cell: optionalLine(100), pg: 'text' },
    certificateNo: {
      header: '执业证书编码',
      aliases: ['执业证书编号', '证书编码', '证书编号'],
      required: false,
      help: '不超过40位；公示页面上部分隐藏。同一机构内用它找到原记录，没有证书编码的按姓名',
      cell: optionalLine(40).transform((v) => (v === null ? null : cleanIdentifier(v))),
      pg: 'text',
    },
    title: { header: '职称', aliases: ['专业技术职称'], required: false, help: '如主治医师，不超过30字', cell: optionalLine(30), pg: 'text' },
    treatmentMethods: {
      header: '治疗方法',
      aliases: ['可以采用的治疗方法'],
      required: false,
      help: '中医（专长）医师可以采用的治疗方法，与执业范围一同公示（2024年专项整治问题十五），不超过300字',
      cell: optionalLine(300),
      pg: 'text',
    },
    commitmentSignedOn: {
      header: '依法执业承诺签署日期',
      aliases: ['承诺签署日期'],
      required: false,
      help: '医务人员与机构签订《依法执业承诺书》的日期（双承诺），记为该日期所在年度的承诺；不填则不改',
      cell: optionalDate(),
      pg: 'date',
      stored: false,
    },
    active: { header: '在岗', aliases: ['是否在岗'], required: false, help: '是/否；新人员不填为在岗，填“否”则不再公示', cell: optionalYesNo(), pg: 'boolean' },
  },
  {
    name: 'staff',
    title: '执业人员',
    unit: '人',
    table: 'staff',
    fileKey: (row) => `${row.registrationNo}\u0000${row.certificateNo ?? `姓名:${row.name}`}`,
    duplicate: { column: '执业证书编码', why: '同一机构的同一人只能有一行' },
    whenNew: { active: () => true },
    describe: (s) => ({
      key: `${String(s['registration_no'])}${typeof s['certificate_no'] === 'string' ? ` ${s['certificate_no']}` : ''}`,
      label: String(s['name']),
    }),
  },
);

export const STAFF_COLUMNS = staffSheet.columns;
export const staffRowSchema = staffSheet.schema;
export type StaffRow = RowOf<typeof staffSheet>;
